using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

/// <summary>
/// The inode's place on the unused list as the inode cache's shrinker sees it (3.19 on): whether
/// it is on the kernel's lazy LRU, I_REFERENCED, and where a rotation put it.
/// </summary>
public sealed partial class Inode
{
    private bool onLruField;
    private bool referencedField;

    /// <summary>
    /// On the superblock's s_inode_lru: put there by the final iput of a clean linked inode
    /// (inode_add_lru), taken off only by the shrinker's walk (inode_lru_isolate's LRU_REMOVED)
    /// or eviction; a reference taken meanwhile leaves it there (the list is lazy).
    /// </summary>
    internal bool OnLru
    {
        get
        {
            AccessLog.Read(AccessId(Field.OnLru));
            return onLruField;
        }

        set
        {
            AccessLog.Write(AccessId(Field.OnLru));
            onLruField = value;
        }
    }

    /// <summary>
    /// I_REFERENCED: the inode was put back while the shrinker's list held it (or, to 4.15, by any
    /// final iput); the shrinker's next look clears it and rotates the inode to the list's tail.
    /// </summary>
    internal bool Referenced
    {
        get
        {
            AccessLog.Read(AccessId(Field.Referenced));
            return referencedField;
        }

        set
        {
            AccessLog.Write(AccessId(Field.Referenced));
            referencedField = value;
        }
    }

    /// <summary>
    /// The inode's order on the unused list: 0 where the model's creation order stands, a later
    /// number each time the shrinker rotates it to the tail.
    /// </summary>
    internal long LruOrder { get; set; }
}
