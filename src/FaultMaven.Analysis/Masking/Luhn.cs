namespace FaultMaven.Analysis.Masking;

/// <summary>The Luhn checksum of card numbers, which tells a card number from other long numbers.</summary>
public static class Luhn
{
    public static bool IsValid(ReadOnlySpan<char> digitsWithSeparators)
    {
        var sum = 0;
        var digits = 0;
        for (var i = digitsWithSeparators.Length - 1; i >= 0; i--)
        {
            var c = digitsWithSeparators[i];
            if (!char.IsAsciiDigit(c))
            {
                continue;
            }

            var digit = c - '0';
            if (digits++ % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return digits is >= 13 and <= 19 && sum % 10 == 0;
    }
}
