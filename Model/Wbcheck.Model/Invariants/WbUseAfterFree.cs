namespace Wbcheck.Model.Invariants;

/// <summary>
/// No bdi_writeback is touched after cgwb_release_workfn freed it (cgroup writeback, 4.2): a
/// dying wb is freed once its last reference is dropped, so every holder of a pointer to it (an
/// inode's i_wb, a switch work, a writeback pass attached to it) must hold a reference. A holder
/// that took none (a missed wb_get) keeps a dangling pointer. Checked at each touch of the wb,
/// as KASAN checks each access (<see cref="Mm.Memcg.CgroupWb"/>), and when the wb is freed while
/// an inode's i_wb still points to it (the kernel's WARN_ON_ONCE on a non-empty b_attached), and
/// when a reference is dropped that was never taken (percpu_ref's underflow warning).
/// </summary>
public static class WbUseAfterFree
{
    public const string Name = "wb use-after-free";
}
