using Wbcheck.Model.Mm;
using Wbcheck.Model.Tests.Memcg;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// wbc_attach_and_unlock_inode (4.2 on) starts the pass's foreign-owner vote with the last round's
/// winner as its candidate: "wbc-&gt;wb_lcand_id = inode-&gt;i_wb_frn_winner" [R], so the
/// Boyer-Moore count of this round runs against the memcg that won the last one. An inode whose
/// last round memcg 7 won: the new pass's last-round candidate is 7, with no bytes yet.
/// </summary>
public sealed class ForeignAttachLastWinnerTests
{
    [Theory]
    [MemberData(nameof(InodeAttachWbTests.CgwbEras), MemberType = typeof(InodeAttachWbTests))]
    public void The_pass_s_last_round_candidate_is_the_inode_s_last_winner(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var inode = world.AddFile(dirty: 1);
        inode.WbFrnWinner = 7;
        var wbc = new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1 };

        world.Kernel.FsWriteback.WbcAttachAndUnlockInode(wbc, inode);

        Assert.Equal((7, 0UL), (wbc.WbLcandId, wbc.WbLcandBytes));
    }
}
