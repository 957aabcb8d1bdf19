using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Runtime;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Primitives;

/// <summary>
/// A variable the threads of one iteration share, named for footprints and traces.
/// <see cref="ReadAsync"/> and <see cref="WriteAsync"/> are scheduling points before the access
/// (another thread may run between two of them: the interleavings a race needs);
/// <see cref="Value"/> accesses it within the current step. Every access is reported as a read or
/// a write of <see cref="Name"/>.
/// </summary>
public sealed class SharedVariable<T>
{
    private readonly IKernelRuntime runtime;
    private readonly StepLabel readLabel;
    private readonly StepLabel writeLabel;
    private readonly ulong id;
    private T value;

    public SharedVariable(IKernelRuntime runtime, string name, T value)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentException.ThrowIfNullOrEmpty(name);
        this.runtime = runtime;
        Name = name;
        id = Footprint.IdOf(name);
        readLabel = new StepLabel($"read({name})");
        writeLabel = new StepLabel($"write({name})");
        this.value = value;
    }

    public string Name { get; }

    /// <summary>
    /// The value, read or written within the current step (no scheduling point). A read is reported
    /// as a read, a write as a write, except a write of the value the variable already holds: it
    /// changes nothing, so it is reported as a read (docs/search.md, "Writes that change nothing").
    /// </summary>
    public T Value
    {
        get
        {
            SharedAccess.Read(id);
            return value;
        }

        set
        {
            if (Same(this.value, value))
            {
                SharedAccess.Read(id);
            }
            else
            {
                SharedAccess.Touch(id);
                this.value = value;
            }
        }
    }

    /// <summary>
    /// The two values are the same state: bit for bit for a type without references, the same
    /// object for a reference. <see cref="object.Equals(object)"/> is not enough (0.0 equals -0.0; two
    /// equal objects are two objects); a struct holding references counts as changed.
    /// </summary>
    private static bool Same(T current, T next)
    {
        if (!RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, byte>(ref current), Unsafe.SizeOf<T>())
                .SequenceEqual(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, byte>(ref next), Unsafe.SizeOf<T>()));
        }

        return !typeof(T).IsValueType && ReferenceEquals(current, next);
    }

    /// <summary>A read point: other threads may run, then the value is read as the thread resumes.</summary>
    public VariableRead ReadAsync() => new(this, runtime.Schedule(PointKind.Read, readLabel));

    /// <summary>A write point: other threads may run, then <paramref name="next"/> is stored as the thread resumes.</summary>
    public VariableWrite WriteAsync(T next) => new(this, runtime.Schedule(PointKind.Write, writeLabel), next);

    /// <summary>Awaiter of <see cref="ReadAsync"/>: the value at the moment the thread resumes.</summary>
    public readonly struct VariableRead : ICriticalNotifyCompletion
    {
        private readonly SharedVariable<T> variable;
        private readonly PreemptionAwaiter awaiter;

        internal VariableRead(SharedVariable<T> variable, Preemption point)
        {
            this.variable = variable;
            awaiter = point.GetAwaiter();
        }

        public bool IsCompleted => awaiter.IsCompleted;

        public VariableRead GetAwaiter() => this;

        public T GetResult() => variable.Value;

        public void OnCompleted(Action continuation) => awaiter.OnCompleted(continuation);

        public void UnsafeOnCompleted(Action continuation) => awaiter.UnsafeOnCompleted(continuation);
    }

    /// <summary>Awaiter of <see cref="WriteAsync"/>: stores the value when the thread resumes.</summary>
    public readonly struct VariableWrite : ICriticalNotifyCompletion
    {
        private readonly SharedVariable<T> variable;
        private readonly PreemptionAwaiter awaiter;
        private readonly T next;

        internal VariableWrite(SharedVariable<T> variable, Preemption point, T next)
        {
            this.variable = variable;
            awaiter = point.GetAwaiter();
            this.next = next;
        }

        public bool IsCompleted => awaiter.IsCompleted;

        public VariableWrite GetAwaiter() => this;

        public void GetResult() => variable.Value = next;

        public void OnCompleted(Action continuation) => awaiter.OnCompleted(continuation);

        public void UnsafeOnCompleted(Action continuation) => awaiter.UnsafeOnCompleted(continuation);
    }
}
