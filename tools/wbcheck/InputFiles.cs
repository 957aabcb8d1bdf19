using System.Text;

namespace Wbcheck.Cli;

/// <summary>
/// Reads the files users give wbcheck (traces, layouts) with a size limit checked as the bytes
/// arrive, so that a huge file, a device such as /dev/zero or a pipe that never ends is refused
/// after at most the limit instead of filling memory (docs/limits.md).
/// </summary>
internal static class InputFiles
{
    /// <summary>The largest trace file: a schedule at the step limit writes about 100 bytes a step.</summary>
    public const int MaxTraceBytes = 64 << 20;

    /// <summary>The largest layout file (the layout format's own limit, in bytes).</summary>
    public const int MaxLayoutBytes = 1 << 20;

    /// <summary>The text of <paramref name="path"/>, decoded as UTF-8 (a byte order mark is dropped).</summary>
    /// <exception cref="IOException">Missing, a folder, unreadable, or longer than <paramref name="limit"/> bytes; the message says which.</exception>
    public static string ReadText(string path, int limit)
    {
        if (Directory.Exists(path))
        {
            throw new IOException("it is a folder, not a file; give the path of a file in it");
        }

        if (!File.Exists(path))
        {
            throw new IOException("the file does not exist; check the path");
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
            var bytes = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (bytes.Length + read > limit)
                {
                    throw new IOException($"it is longer than the limit of {limit / (1 << 20)} MB; is it the right file?");
                }

                bytes.Write(buffer, 0, read);
            }

            bytes.Position = 0;
            using var reader = new StreamReader(bytes, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        catch (Exception exception) when (exception is UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new IOException(exception.Message, exception);
        }
    }
}
