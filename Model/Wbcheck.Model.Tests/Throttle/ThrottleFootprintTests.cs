using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// The footprints (Model/Runtime/AccessLog) of the throttle's shared state, as StateFootprintTests
/// has them for the address_space, the vm counters and the inode: reading a field and writing it
/// must conflict, or the partial-order reduction takes a step that changes the field for
/// independent of one that looks at it, and explores only one of their orders. ratelimit_pages
/// and dirty_exceeded are read by every dirtier's balance_dirty_pages_ratelimited and written by
/// writeback_set_ratelimit and balance_dirty_pages; a task's nr_dirtied, nr_dirtied_pause and
/// dirty_paused_when are written by its own throttle pass and, for nr_dirtied, by a -&gt;writepage
/// that redirties a page (account_page_redirty) in whichever task runs it; a floating
/// proportion's events and period (2.6.24-3.4) are caught up by whichever task reads them.
/// </summary>
public sealed class ThrottleFootprintTests
{
    public static TheoryData<string, string> Fields()
    {
        var fields = new TheoryData<string, string>();
        foreach (var (owner, names) in new[]
        {
            ("throttle", "RatelimitPages DirtyExceeded"),
            ("task", "NrDirtied NrDirtiedPause DirtyPausedWhen"),
            ("prop", "Events Period"),
        })
        {
            foreach (var name in names.Split(' '))
            {
                fields.Add(owner, name);
            }
        }

        return fields;
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void Reading_a_field_conflicts_with_writing_it(string owner, string field)
    {
        var world = new ThrottleWorld();
        object target = owner switch
        {
            "throttle" => world.Throttle,
            "task" => world.Throttle.DirtiedBy(new TaskStruct { Comm = "dd" }),
            _ => new PropLocal(),
        };
        var (read, write) = RecordedAccesses.OfField(target, field);

        Assert.Contains(read, entry => (entry & 1) == 0);
        Assert.Contains(write, entry => (entry & 1) == 1);
        Assert.Contains(read, entry => write.Contains(entry | 1));
    }

    /// <summary>
    /// Attaching a task to a model thread changes what current is: a step that attaches one
    /// conflicts with a step that looks current up.
    /// </summary>
    [Fact]
    public void Attaching_a_task_conflicts_with_looking_up_current()
    {
        var world = new ThrottleWorld();
        ulong[] attach = [], look = [];

        world.Run(() =>
        {
            attach = RecordedAccesses.Of(() => world.Throttle.AttachTask(new TaskStruct { Comm = "dd" }));
            look = RecordedAccesses.Of(() => _ = world.Throttle.Current);
            return ValueTask.CompletedTask;
        });

        Assert.NotEmpty(look);
        Assert.Contains(look, entry => attach.Contains(entry | 1));
    }
    /// <summary>
    /// bdi-&gt;wb_list (cgroup writeback): a step that looks at the disk's wbs (a walk over them,
    /// the root wb's share of the counts) conflicts with a step that makes one (wb_get_create
    /// adds it to the list).
    /// </summary>
    [Fact]
    public void Looking_at_the_disk_s_cgroup_wbs_conflicts_with_making_one()
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V4_20 });
        ulong[] look = [], make = [];

        world.Run(() =>
        {
            look = RecordedAccesses.Of(() => _ = world.Throttle.CgroupWbs);
            make = RecordedAccesses.Of(() => world.Throttle.WbGetCreate(new MemCgroup("job", 10)));
            return ValueTask.CompletedTask;
        });

        Assert.NotEmpty(look);
        Assert.Contains(look, entry => make.Contains(entry | 1));
    }
}
