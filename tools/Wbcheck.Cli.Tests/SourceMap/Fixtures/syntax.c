/*
 * syntax.c: a fixture for the source-map extractor. Each construct below is
 * here because real kernel files have it; none of it is kernel code.
 * A brace in a comment must not count: { {
 */
#include <linux/fs.h>
#include "internal.h"

#define PAGES_PER_BATCH 16
#define BATCH_LIMIT 64 /* a limit whose comment
			  spans two lines { */
#define fixture_min(a, b) ({ typeof(a) _a = (a); \
				typeof(b) _b = (b); \
				_a < _b ? _a : _b; })
#define DECLARE_WAITER(name) struct waiter name = { .count = 0, }
#define RUN_BATCH(b) do { (b)->done(b); } while (0)

struct batch {
	int count;
	void (*done)(struct batch *batch);
	union {
		long value;
		char bytes[8];
	} u;
};

enum batch_state { BATCH_IDLE, BATCH_BUSY = 3, };

static const char *const state_names[] = { "idle {", "busy }", };

static struct batch default_batch = {
	.count = PAGES_PER_BATCH,
	.done = NULL,
};

static int count_batches(struct batch *batch);	/* a prototype, not a definition */
extern void (*batch_hook)(struct batch *);
int batch_total(void);

static inline int batch_empty(const struct batch *batch)
{
	return batch->count == 0;
}

static __always_inline void
batch_reset(struct batch *batch)
{
	batch->count = 0;
	batch->u.value = '}';
}

int fastcall batch_add(struct batch *batch,
		       long value,
		       int flags)
{
	if (flags & 1) {
		batch->u.value += value;
	} else {
		while (value--) {
			batch->count++;
		}
	}
	return batch->count;
}
EXPORT_SYMBOL(batch_add);

unsigned long
__init
batch_setup(void)
{
	const char *open = "{ not a brace \" still a string {";
	const char *slash = "\\";	/* } */
	char close = '}';
	char quote = '\'';
	return open[0] + slash[0] + close + quote;
}
EXPORT_SYMBOL_GPL(batch_setup);

static struct batch *
batch_lookup(struct batch **table, int index)
{
	// A line comment with a brace } in it
	struct batch *found = table[index];
	if (!found)
		return &default_batch;
	return found;
}

/* K&R style, as old code still has it */
int
batch_sum(first, count, scale)
	struct batch *first;
	int count;
	long scale;
{
	long sum = 0;
	int i;
	for (i = 0; i < count; i++)
		sum += first[i].u.value * scale;
	return sum;
}

static void batch_flush(struct batch *batch)
{
#ifdef CONFIG_BATCH_DEBUG
	if (batch->count > PAGES_PER_BATCH) {
#else
	if (batch->count) {
#endif
		RUN_BATCH(batch);
	}
}

static int batch_wait(struct batch *batch,
#ifdef CONFIG_BATCH_TIMEOUT
		      long timeout)
#else
		      long unused)
#endif
{
	DECLARE_WAITER(waiter);
	return waiter.count + batch->count;
}

#if 0
static int batch_dead(void)
{
	return 0;
}
#endif

#ifdef CONFIG_SMP
static void batch_sync(struct batch *batch)
{
	batch->count = 1;
}
#else
static void batch_sync(struct batch *batch)
{
}
#endif

static void batch_lock(struct batch *batch) __acquires(batch)
{
	batch->count++;
}

__printf(2, 3) int batch_log(struct batch *batch, const char *format, ...)
{
	return batch->count;
}

static void (*batch_handler(int kind))(struct batch *)
{
	return kind ? batch_reset : NULL;
}

static int count_batches(struct batch *batch) { return batch ? 1 : 0; }

/* A C header's wrapper for C++ callers: not a block around what follows. */
#ifdef __cplusplus
extern "C" {
#endif

/* A prototype whose parameter is a type and a name (not a K&R list), with a trailing attribute. */
static inline const void
*batch_first(batch_handle_t handle)
    BATCH_DEPRECATED;
static inline const void
*batch_first(batch_handle_t handle)
{
	return handle->first;
}

#ifdef __cplusplus
}
#endif

/* Each branch closes the function: the first one followed ends it. */
static void batch_close(struct batch *batch)
{
#ifdef CONFIG_BATCH_DEBUG
	batch->count = 0;
}
#else
	batch->count = -1;
}
#endif

static void batch_after_close(void) { }
