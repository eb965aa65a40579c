using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace ELearning.Tests.Architecture;

/// <summary>
/// What a method's body does, read from its IL: the methods it calls and the string literals it loads (constants are
/// copied into the IL where they are used, so a <c>const string Sql</c> shows up in the method that runs it). An async
/// method's body is its state machine's MoveNext; a lambda's or local function's is a method of its own, and the
/// method that creates the delegate does not call it.
/// </summary>
public sealed record MethodBody(IReadOnlyList<MethodBase> Calls, IReadOnlyList<string> Strings)
{
    const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Every method and constructor declared by the type (nested compiler-generated types are types of their own).</summary>
    public static IEnumerable<MethodBase> DeclaredBy(Type type) =>
        type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything));

    /// <summary>The body as written: for an async method, its state machine's MoveNext rather than the stub that starts it.</summary>
    public static MethodBody Of(MethodBase method)
    {
        if (method.GetCustomAttribute<AsyncStateMachineAttribute>() is { } async && async.StateMachineType.GetMethod("MoveNext", Everything) is { } moveNext)
            method = moveNext;
        var calls = new List<MethodBase>();
        var strings = new List<string>();
        if (method.GetMethodBody()?.GetILAsByteArray() is not { } il) return new(calls, strings);
        var typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        foreach (var (op, token) in IlInstructions.Of(il))
        {
            // ldftn (a lambda handed over as a delegate) is not a call: the lambda is judged as a method of its own.
            if (op.OperandType == OperandType.InlineMethod && (op == OpCodes.Call || op == OpCodes.Callvirt || op == OpCodes.Newobj))
            {
                try { if (method.Module.ResolveMethod(token, typeArguments, methodArguments) is { } called) calls.Add(called); }
                catch (ArgumentException) { } // a token outside this generic context
            }
            else if (op.OperandType == OperandType.InlineString) strings.Add(method.Module.ResolveString(token));
        }
        return new(calls, strings);
    }
}
