/* The floor of a jansson-based server, for bench/rpc_latency.py: per scaling/predict line it
   parses the request, reads params and tokens, computes the loss, builds the answer and dumps
   it, writing each reply as it is made (as the Python loops do). No framing, no checks, no
   dispatch: what is left of scalewise's cost above this is ours, the rest is jansson's.

   jansson_floor brief          the brief answer: loss, params, tokens, terms, law id
   jansson_floor full MEMBERS   the same plus MEMBERS (a JSON object, parsed once and shared by
                                reference, as scalewise shares a law's summary and sources)

   Build: cc -O2 -o jansson_floor bench/jansson_floor.c -ljansson -lm */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* chinchilla-epoch (Besiroglu et al. 2024, Table 1), the default law */
static const double E = 1.82, A = 482.01, B = 2085.43, ALPHA = 0.3478, BETA = 0.3658;

int main(int argc, char **argv) {
    json_t *shared = NULL;
    if (argc > 2 && strcmp(argv[1], "full") == 0) {
        json_error_t err;
        shared = json_loads(argv[2], 0, &err);
        if (!json_is_object(shared)) { fprintf(stderr, "MEMBERS: %s\n", err.text); return 2; }
    }
    static char line[1 << 16], out[1 << 16];
    const size_t flags = JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15);
    while (fgets(line, sizeof line, stdin)) {
        json_error_t err;
        json_t *request = json_loadb(line, strlen(line), JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
        if (!request) return 1;
        json_t *params = json_object_get(request, "params");
        double n = json_number_value(json_object_get(params, "params"));
        double d = json_number_value(json_object_get(params, "tokens"));
        double tn = A / pow(n, ALPHA), td = B / pow(d, BETA);

        json_t *result = json_object(), *terms = json_object();
        json_object_set_new(result, "loss", json_real(E + tn + td));
        json_object_set_new(result, "params", json_real(n));
        json_object_set_new(result, "tokens", json_real(d));
        json_object_set_new(terms, "irreducible", json_real(E));
        json_object_set_new(terms, "params", json_real(tn));
        json_object_set_new(terms, "tokens", json_real(td));
        json_object_set_new(result, "terms", terms);
        if (shared) {
            const char *key;
            json_t *value;
            json_object_foreach(shared, key, value) json_object_set(result, key, value);
        } else {
            json_object_set_new(result, "law", json_string("chinchilla-epoch"));
        }
        json_t *reply = json_object();
        json_object_set_new(reply, "jsonrpc", json_string("2.0"));
        json_object_set(reply, "id", json_object_get(request, "id"));
        json_object_set_new(reply, "result", result);
        size_t size = json_dumpb(reply, out, sizeof out - 1, flags);
        if (size >= sizeof out - 1) return 3;
        out[size++] = '\n';
        if (write(1, out, size) != (ssize_t)size) return 4;
        json_decref(reply);
        json_decref(request);
    }
    json_decref(shared);
    return 0;
}
