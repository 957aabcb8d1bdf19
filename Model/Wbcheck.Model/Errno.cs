namespace Wbcheck.Model;

/// <summary>Kernel error codes the model returns, negative as in the kernel.</summary>
public static class Errno
{
    public const int EINTR = -4;
    public const int EIO = -5;
    public const int EAGAIN = -11;
    public const int ENOMEM = -12;
    public const int ENOSPC = -28;

    /// <summary>
    /// include/linux/fs.h: a -&gt;writepage that returns this has left the page locked and wants it
    /// kept on the active list; the caller must unlock it. Positive: it is not an error.
    /// </summary>
    public const int AOP_WRITEPAGE_ACTIVATE = 0x80000;

    public static string Name(int error) => error switch
    {
        0 => "0",
        EINTR => "-EINTR",
        EIO => "-EIO",
        EAGAIN => "-EAGAIN",
        ENOMEM => "-ENOMEM",
        ENOSPC => "-ENOSPC",
        AOP_WRITEPAGE_ACTIVATE => "AOP_WRITEPAGE_ACTIVATE",
        _ => error.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
