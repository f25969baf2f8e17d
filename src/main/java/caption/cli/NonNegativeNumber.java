package caption.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converter of options that weigh something (the weight average's decay): a value below 0,
 * or not a number, is bad usage, reported by picocli as "Invalid value for option ..." with exit status 2.
 */
public final class NonNegativeNumber implements ITypeConverter<Double> {

    @Override
    public Double convert(String value) {
        double x;
        try {
            x = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number");
        }
        if (!(x >= 0) || Double.isInfinite(x)) {
            throw new TypeConversionException("'" + value + "' must be a number from 0 up");
        }
        return x;
    }
}
