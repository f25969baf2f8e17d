package caption.kernel;

import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's op executioner with each op and its context kept reachable until the op returns. ND4J
 * 1.0.0-M2.1's executioner takes the native handles of an op's arrays and then calls native code
 * without touching the op again, so the JIT may treat the op, and the arrays only it holds (the
 * dimension array of a broadcast or a reduction), as garbage during the call: a collection then
 * lets ND4J's deallocator free a buffer that the native code is about to read. A self-critical run
 * crashed so in {@code sd::DataBuffer::primary} under a broadcast, the freed buffer's first word
 * holding glibc's free-list pointer. A proxy in front of the executioner holds the arguments until
 * the call returns. Any backend.
 */
public final class ReachableOps {

    private ReachableOps() {}

    /** Puts the proxy in front of ND4J's executioner (once; later calls do nothing). */
    public static synchronized void install() {
        if (installed()) {
            return;
        }
        OpExecutioner current = Nd4j.getExecutioner();
        OpExecutioner fenced = (OpExecutioner) Proxy.newProxyInstance(OpExecutioner.class.getClassLoader(),
                new Class<?>[] {OpExecutioner.class}, new Fence(current));
        try {
            Field instance = Nd4j.class.getDeclaredField("OP_EXECUTIONER_INSTANCE");
            instance.setAccessible(true);
            instance.set(null, fenced);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot wrap ND4J's op executioner: " + e, e);
        }
    }

    /** Whether ND4J's executioner is the proxy. */
    public static boolean installed() {
        OpExecutioner current = Nd4j.getExecutioner();
        return Proxy.isProxyClass(current.getClass()) && Proxy.getInvocationHandler(current) instanceof Fence;
    }

    private record Fence(OpExecutioner target) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                Reference.reachabilityFence(args);
            }
        }
    }
}
