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

    static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

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
        for (var at = 0; at < il.Length;)
        {
            short value = il[at++];
            if (value == 0xFE) value = unchecked((short)(0xFE00 | il[at++]));
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                // ldftn (a lambda handed over as a delegate) is not a call: the lambda is judged as a method of its own.
                case OperandType.InlineMethod when op == OpCodes.Call || op == OpCodes.Callvirt || op == OpCodes.Newobj:
                    try { if (method.Module.ResolveMethod(BitConverter.ToInt32(il, at), typeArguments, methodArguments) is { } called) calls.Add(called); }
                    catch (ArgumentException) { } // a token outside this generic context
                    at += 4;
                    break;
                case OperandType.InlineString:
                    strings.Add(method.Module.ResolveString(BitConverter.ToInt32(il, at)));
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + 4 * BitConverter.ToInt32(il, at);
                    break;
                default:
                    at += op.OperandType switch
                    {
                        OperandType.InlineNone => 0,
                        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                        OperandType.InlineVar => 2,
                        OperandType.InlineI8 or OperandType.InlineR => 8,
                        _ => 4,
                    };
                    break;
            }
        }
        return new(calls, strings);
    }
}
