using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Lib;

/// <summary>
/// errseq_t: an error code, a "seen" flag and a change counter in one word. Each opener of a file
/// samples it; fsync reports an error that happened since that sample, once per file description,
/// and marks it seen so later errors bump the counter.
/// </summary>
[Models("lib/errseq.c", "errseq_t", "6.9")]
public readonly record struct ErrSeq(uint Value)
{
    /// <summary>MAX_ERRNO: the low 12 bits hold the (positive) error number.</summary>
    private const uint ErrnoMask = 4095;

    /// <summary>ERRSEQ_SEEN: someone has reported the current error.</summary>
    private const uint SeenFlag = 1u << 12;

    /// <summary>ERRSEQ_CTR_INC: the counter lives above the flag.</summary>
    private const uint CounterIncrement = 1u << 13;

    public bool Seen => (Value & SeenFlag) != 0;

    public int Error => -(int)(Value & ErrnoMask);

    /// <summary>Record <paramref name="error"/>; bump the counter only if the old error was seen.</summary>
    [Models("lib/errseq.c", "errseq_set", "6.9")]
    public ErrSeq Set(int error)
    {
        if (error == 0)
        {
            return this;
        }

        var next = (Value & ~(ErrnoMask | SeenFlag)) | (uint)-error;
        if (Seen)
        {
            next += CounterIncrement;
        }

        return new ErrSeq(next);
    }

    /// <summary>
    /// What a new opener starts from: the current value if it has been seen, else 0, so that an
    /// error nobody has reported yet is reported to the new opener too.
    /// </summary>
    [Models("lib/errseq.c", "errseq_sample", "6.9")]
    public ErrSeq Sample() => Seen ? this : default;

    /// <summary>
    /// errseq_sample of 4.13 to 4.16: the current value, marked seen, which the caller stores
    /// back, so an error nobody has reported yet is never reported to this new opener.
    /// </summary>
    [Models("lib/errseq.c", "errseq_sample", "4.13")]
    public ErrSeq SampleMarkingSeen() => Value == 0 ? this : new ErrSeq(Value | SeenFlag);

    /// <summary>The error recorded since <paramref name="since"/>, or 0.</summary>
    [Models("lib/errseq.c", "errseq_check", "6.9")]
    public int Check(ErrSeq since) => Value == since.Value ? 0 : Error;

    /// <summary>
    /// Report the error recorded since <paramref name="since"/> once: returns it, marks it seen,
    /// and the new cursor to store in place of <paramref name="since"/>.
    /// </summary>
    [Models("lib/errseq.c", "errseq_check_and_advance", "6.9")]
    public (int Error, ErrSeq Word, ErrSeq Since) CheckAndAdvance(ErrSeq since)
    {
        if (Value == since.Value)
        {
            return (0, this, since);
        }

        var seen = new ErrSeq(Value | SeenFlag);
        return (seen.Error, seen, seen);
    }

    public override string ToString() => Value == 0 ? "0" : $"{Errno.Name(Error)}{(Seen ? " seen" : "")} #{Value >> 13}";
}
