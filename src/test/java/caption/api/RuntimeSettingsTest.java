package caption.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** The launcher's performance settings, set from Java. */
class RuntimeSettingsTest {

    @Test
    void threadsApplyToTheRunningBackend() {
        int before = Nd4j.factory().blas().getMaxThreads();
        try {
            RuntimeSettings.builder().blasThreads(1).build().apply();
            assertEquals(1, Nd4j.factory().blas().getMaxThreads());
        } finally {
            Nd4j.factory().blas().setMaxThreads(before);
        }
    }

    @Test
    void badValuesAreRefusedWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> RuntimeSettings.builder().blasThreads(0).build());
        assertThrows(IllegalArgumentException.class, () -> RuntimeSettings.builder().opThreads(-1).build());
        assertThrows(IllegalArgumentException.class, () -> RuntimeSettings.builder().nativeMemory("six gigs").build());
        assertEquals("6g", RuntimeSettings.builder().nativeMemory("6g").build().nativeMemory());
    }

    @Test
    void theDefaultsUseEveryCore() {
        assertEquals(Runtime.getRuntime().availableProcessors(), RuntimeSettings.defaults().blasThreads());
    }
}
