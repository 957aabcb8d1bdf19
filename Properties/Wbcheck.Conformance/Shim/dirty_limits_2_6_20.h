/*
 * wbcheck conformance shim, 2.6.20 get_dirty_limits: the machine and task it reads. Our own code.
 * CONFIG_HIGHMEM is on, so the branch for a mapping that cannot use high memory is compiled.
 */
#define CONFIG_HIGHMEM 1
#define __GFP_HIGHMEM 0x02u
#define PF_LESS_THROTTLE 0x00100000
#define MAX_RT_PRIO 100

struct task_struct {
	unsigned int flags;
	int prio;
};

static struct task_struct shim_task;
#define current (&shim_task)
static inline int rt_task(struct task_struct *p) { return p->prio < MAX_RT_PRIO; }

static unsigned long vm_total_pages;
static unsigned long totalhigh_pages;
static int vm_dirty_ratio;
static int dirty_background_ratio;
static gfp_t shim_mapping_gfp;
static inline gfp_t mapping_gfp_mask(struct address_space *mapping) { (void)mapping; return shim_mapping_gfp; }
static inline unsigned long global_page_state(enum zone_stat_item item) { return (unsigned long)shim.stats[item]; }
