using System.Reflection;
using System.Runtime.CompilerServices;

namespace Wbcheck.Model.Tests;

/// <summary>
/// Every async method of the model runs on <see cref="Runtime.ModelMethodBuilder"/>: a frame on the
/// framework's builder, awaited under the runner's synchronization context, leaves its caller's
/// resumption in a continuation object of the framework, which the state fingerprint must walk
/// through instead of through the model's own frames (docs/eras.md section 125: four such methods
/// hid their callers' locals from the fingerprint until the twenty-eighth session). Lambdas and
/// local functions (compiler-named) are left to the fingerprint's walk of those continuations.
/// </summary>
public sealed class ModelMethodBuilderCoverageTests
{
    [Fact]
    public void Every_named_async_method_of_the_model_declares_the_models_builder()
    {
        const BindingFlags declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
        var onFrameworkBuilder = typeof(Kernel).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(declared))
            .Where(method => method.GetCustomAttribute<AsyncStateMachineAttribute>() is not null && !method.Name.Contains('<'))
            .Where(method => method.GetCustomAttribute<AsyncMethodBuilderAttribute>() is null)
            .Select(method => $"{method.DeclaringType!.FullName}.{method.Name}")
            .ToList();

        Assert.True(onFrameworkBuilder.Count == 0, "async methods on the framework's builder (add [AsyncMethodBuilder(typeof(ModelMethodBuilder))] or ModelMethodBuilder<>):\n" + string.Join("\n", onFrameworkBuilder));
    }
}
