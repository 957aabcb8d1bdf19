namespace Wbcheck.Model;

/// <summary>
/// The version of the model's behaviour. Traces record it, and a trace recorded against another
/// version is refused: its decisions would replay against different code. Bump it whenever a
/// change alters the scheduling points, choices or outcomes of any model code path.
/// </summary>
public static class ModelVersion
{
    public const string Current = "wbcheck-model/51";
}
