package caption.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.UndeclaredThrowableException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;

class ReachableOpsTest {

    @Test
    void theProxyStandsOnceInFrontOfTheExecutionerAndOpsGiveTheirResults() {
        ReachableOps.install();
        OpExecutioner proxy = Nd4j.getExecutioner();
        ReachableOps.install();
        assertTrue(ReachableOps.installed());
        assertSame(proxy, Nd4j.getExecutioner(), "a second install wraps nothing again");

        INDArray m = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, 'c');
        INDArray row = Nd4j.create(new float[] {10, 20, 30}, new long[] {1, 3}, 'c');
        // a broadcast, a reduction along a dimension and a matrix product, each through the proxy
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, m.addRowVector(row).data().asFloat());
        assertArrayEquals(new float[] {6, 15}, m.sum(1).castTo(DataType.FLOAT).data().asFloat());
        assertArrayEquals(new float[] {140, 320}, m.mmul(row.transpose()).data().asFloat());
    }

    @Test
    void anOpsFailureReachesTheCallerAsTheExecutionerThrowsIt() {
        ReachableOps.install();
        INDArray a = Nd4j.zeros(DataType.FLOAT, 2, 3);
        INDArray b = Nd4j.zeros(DataType.FLOAT, 2, 3);
        INDArray out = Nd4j.zeros(DataType.FLOAT, 2, 2);
        // libnd4j refuses the shapes inside the executioner; the proxy must not wrap its exception
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> Nd4j.exec(DynamicCustomOp.builder("matmul").addInputs(a, b).addOutputs(out).build()));
        assertFalse(e instanceof UndeclaredThrowableException, e.toString());
    }
}
