using System.Reflection;
using System.Reflection.Emit;

namespace ELearning.Tests.Architecture;

/// <summary>A method body's instructions, each with its metadata token when its operand is one (a type, method, field,
/// member or string), else 0: the one place the architecture tests decode IL.</summary>
public static class IlInstructions
{
    static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    public static IEnumerable<(OpCode Op, int Token)> Of(byte[] il)
    {
        for (var at = 0; at < il.Length;)
        {
            short value = il[at++];
            if (value == 0xFE) value = unchecked((short)(0xFE00 | il[at++]));
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok or OperandType.InlineString:
                    yield return (op, BitConverter.ToInt32(il, at));
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    yield return (op, 0);
                    at += 4 + 4 * BitConverter.ToInt32(il, at);
                    break;
                default:
                    yield return (op, 0);
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
    }
}
