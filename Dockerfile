# syntax=docker/dockerfile:1
# Build: docker build -t sockerr .
# Run:   docker run -p 8080:8080 -e SOCKERR_BASE_URL=https://sockerr.example sockerr
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/sockerr ./cmd/sockerr \
 && /out/sockerr check

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/sockerr /sockerr
USER nonroot:nonroot
EXPOSE 8080
ENV SOCKERR_ADDR=:8080
# Orchestrators probe /healthz (live) and /readyz (content loaded); the
# image has no shell, so the binary probes itself.
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s CMD ["/sockerr", "probe", "http://127.0.0.1:8080/readyz"]
ENTRYPOINT ["/sockerr"]
CMD ["serve"]
