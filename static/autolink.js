// sockerr auto-linker: placeholder until the script lands.
