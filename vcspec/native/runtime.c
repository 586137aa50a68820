/* vcspec native BFS runtime: the generated expansion (at the EXPAND marker, see
   vcspec/native/cgen.py) is pasted into vc_expand below.
   States: int64 in `states` (discovery = BFS order); parents uint32; the
   visited set is an open-addressing table (linear probing) of index+1. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int64_t *states; uint32_t *parents; int64_t n, cap, pcap;
    uint32_t *table; uint64_t tmask;
    int graph;
    uint32_t *targets, *labels; int64_t ne, ecap, lcap;
    uint64_t *offsets; int64_t no, ocap;
    int64_t *errs; int64_t nerr, errcap;     /* (i, k) pairs */
    int64_t *viol; int64_t nviol, violcap;   /* (i, k, check) triples */
    int64_t *dead; int64_t ndead, deadcap;
    int64_t *counts; int ninst;
    int oom;
    int (*callback)(int64_t, int, int64_t, int64_t *);  /* instances left to Python */
    int64_t *out;  /* the callback's answer: successor, count, failed checks */
    int stop;      /* set by vc_stop (another thread): vc_expand returns before the next state */
    int64_t reached;  /* the end of the last vc_expand: hi, or where it stopped */
} ctx;

static int grow(void **p, int64_t *cap, int64_t need, size_t size) {
    if (need <= *cap) return 1;
    int64_t c = *cap ? *cap : 1024;
    while (c < need) c *= 2;
    void *q = realloc(*p, (size_t)c * size);
    if (!q) return 0;
    *p = q; *cap = c;
    return 1;
}

static inline uint64_t mix(uint64_t x) {
    x ^= x >> 30; x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27; x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static int rehash(ctx *c) {
    uint64_t size = (c->tmask + 1) * 2;
    uint32_t *t = calloc(size, sizeof(uint32_t));
    if (!t) return 0;
    for (int64_t j = 0; j < c->n; j++) {
        uint64_t h = mix((uint64_t)c->states[j]) & (size - 1);
        while (t[h]) h = (h + 1) & (size - 1);
        t[h] = (uint32_t)(j + 1);
    }
    free(c->table); c->table = t; c->tmask = size - 1;
    return 1;
}

/* the index of state s, adding it (with its parent) if new; -1: out of memory */
static int64_t find_or_add(ctx *c, int64_t s, uint32_t parent) {
    uint64_t h = mix((uint64_t)s) & c->tmask;
    uint32_t e;
    while ((e = c->table[h]) != 0) {
        if (c->states[e - 1] == s) return e - 1;
        h = (h + 1) & c->tmask;
    }
    if (c->n >= 0xFFFFFFFEll) return -1;
    if (!grow((void **)&c->states, &c->cap, c->n + 1, 8)) return -1;
    if (!grow((void **)&c->parents, &c->pcap, c->n + 1, 4)) return -1;
    c->states[c->n] = s;
    c->parents[c->n] = parent;
    c->table[h] = (uint32_t)(c->n + 1);
    c->n++;
    if ((uint64_t)c->n * 2 > c->tmask + 1 && !rehash(c)) return -1;
    return c->n - 1;
}

ctx *vc_new(int graph, int ninst, int64_t nchecks,
             int (*callback)(int64_t, int, int64_t, int64_t *)) {
    ctx *c = calloc(1, sizeof(ctx));
    if (!c) return 0;
    c->graph = graph; c->ninst = ninst; c->callback = callback;
    c->out = calloc((size_t)nchecks + 2, sizeof(int64_t));
    if (!c->out) return 0;
    c->tmask = 1023;
    c->table = calloc(1024, sizeof(uint32_t));
    c->counts = calloc((size_t)ninst + 1, sizeof(int64_t));
    if (!c->table || !c->counts) return 0;
    return c;
}

void vc_free(ctx *c) {
    if (!c) return;
    free(c->states); free(c->parents); free(c->table); free(c->targets); free(c->labels);
    free(c->offsets); free(c->errs); free(c->viol); free(c->dead); free(c->counts);
    free(c->out); free(c);
}

/* an initial state (the caller gives them distinct) */
int64_t vc_initial(ctx *c, int64_t s) { return find_or_add(c, s, 0xFFFFFFFFu); }

#define ERR(I, K) do { if (grow((void **)&c->errs, &c->errcap, c->nerr * 2 + 2, 8)) { \
    c->errs[c->nerr * 2] = (I); c->errs[c->nerr * 2 + 1] = (K); c->nerr++; } else c->oom = 1; } while (0)
#define VIOL(I, K, C) do { if (grow((void **)&c->viol, &c->violcap, c->nviol * 3 + 3, 8)) { \
    c->viol[c->nviol * 3] = (I); c->viol[c->nviol * 3 + 1] = (K); \
    c->viol[c->nviol * 3 + 2] = (C); c->nviol++; } else c->oom = 1; } while (0)
#define ADD(T, K) do { c->counts[K]++; int64_t j_ = find_or_add(c, (T), (uint32_t)i); \
    if (j_ < 0) { c->oom = 1; return -1; } \
    if (c->graph) { if (!grow((void **)&c->targets, &c->ecap, c->ne + 1, 4) || \
        !grow((void **)&c->labels, &c->lcap, c->ne + 1, 4)) { c->oom = 1; return -1; } \
        c->targets[c->ne] = (uint32_t)j_; c->labels[c->ne] = (uint32_t)(K); c->ne++; } } while (0)

/* ask a running vc_expand to stop (from the watchdog's thread, at a limit or Ctrl-C) */
void vc_stop(ctx *c) { __atomic_store_n(&c->stop, 1, __ATOMIC_RELAXED); }
int64_t vc_reached(ctx *c) { return c->reached; }

/* expand states[lo:hi]; 0, -1 when out of memory, -2 when a callback failed,
   -3 when stopped (vc_stop) after states[lo:vc_reached] */
int vc_expand(ctx *c, int64_t lo, int64_t hi) {
    c->reached = lo;
    for (int64_t i = lo; i < hi; i++) {
        if (__atomic_load_n(&c->stop, __ATOMIC_RELAXED)) return -3;
        int64_t v_s = c->states[i];
        int d = 1;
        (void)v_s;
/*@EXPAND@*/
        if (d) {
            if (!grow((void **)&c->dead, &c->deadcap, c->ndead + 1, 8)) { c->oom = 1; return -1; }
            c->dead[c->ndead++] = i;
        }
        if (c->graph) {
            if (!grow((void **)&c->offsets, &c->ocap, c->no + 1, 8)) { c->oom = 1; return -1; }
            c->offsets[c->no++] = (uint64_t)c->ne;
        }
        c->reached = i + 1;
    }
    return c->oom ? -1 : 0;
}

void vc_clear_events(ctx *c) { c->nerr = c->nviol = c->ndead = 0; }

/* pointers and sizes for the caller to copy from */
int64_t *vc_states(ctx *c) { return c->states; }
uint32_t *vc_parents(ctx *c) { return c->parents; }
int64_t vc_count(ctx *c) { return c->n; }
uint32_t *vc_targets(ctx *c) { return c->targets; }
uint32_t *vc_labels(ctx *c) { return c->labels; }
int64_t vc_edges(ctx *c) { return c->ne; }
uint64_t *vc_offsets(ctx *c) { return c->offsets; }
int64_t vc_offset_count(ctx *c) { return c->no; }
int64_t *vc_errs(ctx *c) { return c->errs; }
int64_t vc_err_count(ctx *c) { return c->nerr; }
int64_t *vc_viol(ctx *c) { return c->viol; }
int64_t vc_viol_count(ctx *c) { return c->nviol; }
int64_t *vc_dead(ctx *c) { return c->dead; }
int64_t vc_dead_count(ctx *c) { return c->ndead; }
int64_t *vc_counts(ctx *c) { return c->counts; }
