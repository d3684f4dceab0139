# Written by deploy/varnish/render_backends.py: the app servers Varnish fetches from.

import directors;

backend app1 {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
    .probe = {
        .url = "/readyz";
        .interval = 2s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
        .initial = 2;  // healthy from the start, until probes say otherwise
    }
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
}
