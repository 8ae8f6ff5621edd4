namespace EntropyScope;

/// <summary>
/// Bad input from a user: a missing file, a corrupt header, a wrong shape, NaN in data, nonsense parameters.
/// The CLI prints its message as one line and exits non-zero, so the message must name the problem by itself.
/// </summary>
public sealed class InputException(string message) : Exception(message);
