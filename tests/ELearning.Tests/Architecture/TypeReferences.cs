using System.Reflection;
using System.Reflection.Emit;

namespace ELearning.Tests.Architecture;

/// <summary>
/// Every type a type uses: its base and interfaces, fields, properties, method signatures, locals, attributes, and
/// the types, methods and fields its method bodies name (read from the IL, so a call inside a lambda or an async
/// method's state machine counts too). Constants are copied into the IL by the compiler and are not seen.
/// </summary>
public static class TypeReferences
{
    const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static IReadOnlySet<Type> Of(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null) return;
            if (t.HasElementType) { Add(t.GetElementType()); return; }
            if (t.IsGenericParameter) return;
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                Add(t.GetGenericTypeDefinition());
                foreach (var argument in t.GetGenericArguments()) Add(argument);
                return;
            }
            found.Add(t);
        }
        void Attributes(MemberInfo member)
        {
            foreach (var attribute in member.GetCustomAttributesData()) Add(attribute.AttributeType);
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces()) Add(i);
        Attributes(type);
        foreach (var field in type.GetFields(Everything)) { Add(field.FieldType); Attributes(field); }
        foreach (var property in type.GetProperties(Everything)) { Add(property.PropertyType); Attributes(property); }
        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            Attributes(method);
            if (method is MethodInfo m) Add(m.ReturnType);
            foreach (var parameter in method.GetParameters())
            {
                Add(parameter.ParameterType);
                foreach (var attribute in parameter.GetCustomAttributesData()) Add(attribute.AttributeType);
            }
            if (method.GetMethodBody() is not { } body) continue;
            foreach (var local in body.LocalVariables) Add(local.LocalType);
            foreach (var member in BodyReferences(method, body.GetILAsByteArray() ?? []))
            {
                switch (member)
                {
                    case Type t: Add(t); break;
                    case MethodBase called:
                        Add(called.DeclaringType);
                        if (called is MethodInfo { IsGenericMethod: true } generic)
                            foreach (var argument in generic.GetGenericArguments()) Add(argument);
                        break;
                    case FieldInfo f: Add(f.DeclaringType); Add(f.FieldType); break;
                }
            }
        }
        return found;
    }

    /// <summary>The members the method body's instructions name by metadata token.</summary>
    static IEnumerable<MemberInfo> BodyReferences(MethodBase method, byte[] il)
    {
        var typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        foreach (var (op, token) in IlInstructions.Of(il))
        {
            if (op.OperandType is not (OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok)) continue;
            MemberInfo? member = null;
            try { member = method.Module.ResolveMember(token, typeArguments, methodArguments); }
            catch (ArgumentException) { } // a token outside this generic context: nothing a feature boundary hangs on
            if (member is not null) yield return member;
        }
    }
}
