using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

public sealed partial class Inode
{
    private MemCgroup? memcgField;

    /// <summary>
    /// The memcg the inode's pages are charged to (page-&gt;mem_cgroup of each of them: the model
    /// charges whole mappings, <see cref="MemCgroup.Charge"/>); null for the root cgroup.
    /// </summary>
    public MemCgroup? Memcg
    {
        get
        {
            AccessLog.Read(AccessId(Field.Memcg));
            return memcgField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.Memcg));
            memcgField = value;
        }
    }
}
