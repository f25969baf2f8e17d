package caption.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** ND4J arrays' memory as byte buffers, for kernels that read and write it in place. */
final class NativeFloats {

    private NativeFloats() {}

    /** Whether the kernels take this array in place: float, dense, row-major. */
    static boolean accepts(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.ordering() == 'c'
                && (a.elementWiseStride() == 1 || a.length() == 1) && a.length() < Integer.MAX_VALUE / Float.BYTES;
    }

    /** The array's values as a native-order byte buffer starting at its first value. */
    static ByteBuffer bytes(INDArray a) {
        if (!accepts(a)) {
            throw new IllegalArgumentException("not a dense row-major float array");
        }
        ByteBuffer all = a.data().asNio().order(ByteOrder.nativeOrder());
        int start = (int) (a.offset() * Float.BYTES);
        return all.position(start).limit(start + (int) a.length() * Float.BYTES).slice().order(ByteOrder.nativeOrder());
    }
}
