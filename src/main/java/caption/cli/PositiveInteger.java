package caption.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converter of options that count something (beam size, threads, batch size): a value below 1 is
 * bad usage, reported by picocli as "Invalid value for option ..." with exit status 2.
 */
public final class PositiveInteger implements ITypeConverter<Integer> {

    @Override
    public Integer convert(String value) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
        if (n < 1) {
            throw new TypeConversionException("'" + value + "' must be at least 1");
        }
        return n;
    }
}
