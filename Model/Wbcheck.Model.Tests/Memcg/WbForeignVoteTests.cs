using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Memcg;

/// <summary>
/// wbc_detach_inode's verdict and wbc_account_io's histogram (4.2's foreign inode detection),
/// against values worked by hand from the kernel's arithmetic: IO time is pages &lt;&lt; 13 over
/// the wb's avg_write_bandwidth (rounded up), the average moves by an eighth, a round shorter
/// than avg / WB_FRN_TIME_CUT_DIV (2 before 5.4, 8 after) is not recorded, a recorded round
/// shifts ceil(time / 1024) slots (at most 5) into the 16-bit history, set if a foreign memcg
/// won, and more than 8 set switch the inode.
/// </summary>
public sealed class WbForeignVoteTests
{
    private const ulong Page = 4096;
    private const int Root = MemCgroup.RootId;
    private const int Job = 2;

    [Fact]
    public void A_first_foreign_round_of_one_page_at_one_page_a_second_records_five_foreign_slots_and_does_not_switch()
    {
        // max_time = DIV_ROUND_UP(1 << 13, 1) = 8192; the first round sets the average;
        // slots = min(DIV_ROUND_UP(8192, 1024), 5) = 5.
        var verdict = WbForeignVote.Vote(history: 0, avgTime: 0, wbId: Root, wbBytes: 0, lcandId: 0, lcandBytes: 0, tcandId: Job, tcandBytes: Page, avgWriteBandwidth: 1, cutDiv: 2);

        Assert.Equal(new WbForeignVote.Verdict(Job, 8192, 0x001f, Recorded: true, Switches: false), verdict);
    }

    [Fact]
    public void A_second_foreign_round_makes_ten_foreign_slots_of_sixteen_and_switches_to_the_last_winner()
    {
        // The last winner is job: its bytes count as the last candidate's and this round's
        // candidate's alike; a tie of the two goes to the last candidate. avg = 8192 + 1024 - 1024.
        var verdict = WbForeignVote.Vote(history: 0x001f, avgTime: 8192, wbId: Root, wbBytes: 0, lcandId: Job, lcandBytes: Page, tcandId: Job, tcandBytes: Page, avgWriteBandwidth: 1, cutDiv: 2);

        Assert.Equal(new WbForeignVote.Verdict(Job, 8192, 0x03ff, Recorded: true, Switches: true), verdict);
    }

    [Fact]
    public void The_fault_that_forgets_the_history_never_switches()
    {
        var verdict = WbForeignVote.Vote(history: 0x001f, avgTime: 8192, wbId: Root, wbBytes: 0, lcandId: Job, lcandBytes: Page, tcandId: Job, tcandBytes: Page, avgWriteBandwidth: 1, cutDiv: 2, ignoreHistory: true);

        Assert.Equal(new WbForeignVote.Verdict(Job, 8192, 0x001f, Recorded: true, Switches: false), verdict);
    }

    [Fact]
    public void At_the_initial_bandwidth_a_page_is_one_slot_of_io_time()
    {
        // INIT_BW is 100 MB/s, 25600 pages/s: DIV_ROUND_UP(8192, 25600) = 1; slots = DIV_ROUND_UP(1, 1024) = 1.
        var verdict = WbForeignVote.Vote(history: 0x00ff, avgTime: 0, wbId: Root, wbBytes: 0, lcandId: 0, lcandBytes: 0, tcandId: Job, tcandBytes: Page, avgWriteBandwidth: BdiBandwidth.InitBw, cutDiv: 2);

        // Eight foreign slots and a ninth: 0x1ff has 9 set, more than 8.
        Assert.Equal(new WbForeignVote.Verdict(Job, 1, 0x01ff, Recorded: true, Switches: true), verdict);
    }

    [Fact]
    public void The_wbs_own_memcg_wins_a_tie_and_its_round_pushes_foreign_slots_out()
    {
        var verdict = WbForeignVote.Vote(history: 0x00ff, avgTime: 8192, wbId: Root, wbBytes: Page, lcandId: Job, lcandBytes: 0, tcandId: Job, tcandBytes: Page, avgWriteBandwidth: 1, cutDiv: 2);

        // Own round: 5 clear slots in; 0xff << 5 = 0x1fe0, 8 set: no switch.
        Assert.Equal(new WbForeignVote.Verdict(Root, 8192, 0x1fe0, Recorded: true, Switches: false), verdict);
    }

    [Theory]
    [InlineData(2UL, false)]
    [InlineData(8UL, true)]
    public void A_short_round_is_cut_under_avg_over_2_but_recorded_under_avg_over_8(ulong cutDiv, bool recorded)
    {
        // At 4 pages/s a page is DIV_ROUND_UP(8192, 4) = 2048; avg = 8192 + 256 - 1024 = 7424
        // (the subtraction wraps and the addition brings it back, as C's unsigned long does).
        // 2048 >= 7424 / 2 = 3712 is false; 2048 >= 7424 / 8 = 928 is true: 2 slots.
        var verdict = WbForeignVote.Vote(history: 0x0001, avgTime: 8192, wbId: Root, wbBytes: 0, lcandId: 0, lcandBytes: 0, tcandId: Job, tcandBytes: Page, avgWriteBandwidth: 4, cutDiv: cutDiv);

        Assert.Equal(new WbForeignVote.Verdict(Job, 7424, recorded ? (ushort)0x0007 : (ushort)0x0001, recorded, Switches: false), verdict);
    }

    [Fact]
    public void The_average_is_stored_capped_at_u16_max_and_a_round_moves_at_most_five_slots()
    {
        // 100 pages at 1 page/s: 819200, capped to 65535 when stored; min(800, 5) = 5 slots.
        var verdict = WbForeignVote.Vote(history: 0, avgTime: 0, wbId: Root, wbBytes: 0, lcandId: 0, lcandBytes: 0, tcandId: Job, tcandBytes: 100 * Page, avgWriteBandwidth: 1, cutDiv: 2);

        Assert.Equal(new WbForeignVote.Verdict(Job, ushort.MaxValue, 0x001f, Recorded: true, Switches: false), verdict);
    }

    [Fact]
    public void A_wb_without_bandwidth_divides_by_zero_as_the_kernel_would()
    {
        var thrown = Assert.Throws<KernelArithmeticException>(() => WbForeignVote.Vote(0, 0, Root, Page, 0, 0, 0, 0, avgWriteBandwidth: 0, cutDiv: 2));

        Assert.Equal("wbc_detach_inode", thrown.Function);
    }

    [Fact]
    public void The_cut_is_two_until_5_4_and_eight_after()
    {
        Assert.Equal((2UL, 2UL, 8UL), (WbForeignVote.TimeCutDiv(KernelEra.V4_13), WbForeignVote.TimeCutDiv(KernelEra.V5_0), WbForeignVote.TimeCutDiv(KernelEra.V6_9)));
    }

    [Fact]
    public void Foreign_owners_elect_a_candidate_by_boyer_moore_and_the_wbs_own_and_last_winners_bytes_are_counted_apart()
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V6_9 });
        var owners = new[] { new MemCgroup("a", 100, id: 3), new MemCgroup("b", 100, id: 4), new MemCgroup("c", 100, id: 5) };
        var pages = owners.Select(memcg =>
        {
            var inode = world.Kernel.CreateInode(0, world.Fs);
            memcg.Charge(inode.Mapping);
            return world.Kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: false);
        }).ToArray();
        var rootPage = world.Kernel.Filemap.AddCachedPage(world.Kernel.CreateInode(0, world.Fs).Mapping, 0, dirty: false);
        var wbc = new WritebackControl { WbAttached = true, WbId = Root, WbLcandId = 5 };

        // a takes the candidacy, b cancels it, b takes it; c is the last winner, counted apart
        // and also as a foreign owner against b; the root's bytes are the wb's own.
        foreach (var page in new[] { pages[0], pages[1], pages[1], pages[2], rootPage })
        {
            FsWriteback.WbcAccountCgroupOwner(wbc, page, Page);
        }

        Assert.Equal((Page, Page, 4, 0UL), (wbc.WbBytes, wbc.WbLcandBytes, wbc.WbTcandId, wbc.WbTcandBytes));
    }

    [Fact]
    public void A_pass_not_attached_counts_nothing()
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V4_13 });
        var page = world.Kernel.Filemap.AddCachedPage(world.Kernel.CreateInode(0, world.Fs).Mapping, 0, dirty: false);
        var wbc = new WritebackControl();

        FsWriteback.WbcAccountCgroupOwner(wbc, page, Page);

        Assert.Equal((0UL, 0UL, 0UL), (wbc.WbBytes, wbc.WbLcandBytes, wbc.WbTcandBytes));
    }
}
