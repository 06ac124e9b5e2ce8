package web

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/sockerr/sockerr/internal/version"
)

// metrics are the server's Prometheus metrics, in a registry of its own so
// several servers (tests) never share counters.
type metrics struct {
	reg            *prometheus.Registry
	requests       *prometheus.CounterVec
	duration       *prometheus.HistogramVec
	searches       prometheus.Counter
	searchDuration prometheus.Histogram
	articles       *prometheus.GaugeVec
	reloads        *prometheus.CounterVec
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sockerr_http_requests_total", Help: "HTTP requests by route pattern and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "sockerr_http_request_duration_seconds", Help: "Time to answer HTTP requests, by route pattern.",
			Buckets: []float64{.00005, .0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .5, 1},
		}, []string{"route"}),
		searches: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "sockerr_searches_total", Help: "Search queries answered (pages and API).",
		}),
		searchDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "sockerr_search_duration_seconds", Help: "Time to answer a search query (resolve, full text, snippets).",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1},
		}),
		articles: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "sockerr_corpus_articles", Help: "Articles in the content being served, by kind.",
		}, []string{"kind"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sockerr_content_loads_total", Help: "Content loads by result (ok or error).",
		}, []string{"result"}),
	}
	v := version.Get()
	info := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "sockerr_build_info", Help: "Build information; always 1.",
		ConstLabels: prometheus.Labels{"version": v.Version, "revision": v.Revision, "goversion": v.Go},
	})
	info.Set(1)
	m.reg.MustRegister(m.requests, m.duration, m.searches, m.searchDuration, m.articles, m.reloads, info,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

func (m *metrics) observeSearch(start time.Time) {
	m.searches.Inc()
	m.searchDuration.Observe(time.Since(start).Seconds())
}
