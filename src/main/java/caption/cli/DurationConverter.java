package caption.cli;

import caption.video.Durations;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converter of durations ({@code 2s}, {@code 500ms}, {@code 1.5s}, {@code 1m}) to microseconds; a bad one is bad usage. */
public final class DurationConverter implements ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        try {
            return Durations.parseMicros(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
