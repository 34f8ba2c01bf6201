import com.github.benmanes.caffeine.cache.*;
import java.io.*;
import java.nio.*;
import java.nio.file.*;

// Replays a trace of big-endian int32 keys through Caffeine at each size given; prints one hit ratio
// (%) a line. As ../shared/tools/caffeine-hit-ratio: getIfPresent, put on a miss, maintenance on the
// calling thread, cleanUp() every 1,024 events. Usage: CaffeineReplay FILE SIZE...
public class CaffeineReplay {
  public static void main(String[] args) throws Exception {
    IntBuffer keys = ByteBuffer.wrap(Files.readAllBytes(Paths.get(args[0]))).order(ByteOrder.BIG_ENDIAN).asIntBuffer();
    for (int a = 1; a < args.length; a++) {
      long size = Long.parseLong(args[a]);
      Cache<Long, Boolean> cache = Caffeine.newBuilder().maximumSize(size).executor(Runnable::run).build();
      long hits = 0, total = 0;
      for (int i = 0; i < keys.limit(); i++) {
        Long key = (long) keys.get(i);
        total++;
        if (cache.getIfPresent(key) != null) hits++; else cache.put(key, Boolean.TRUE);
        if ((total & 1023) == 0) cache.cleanUp();
      }
      System.out.printf("%.4f%n", 100.0 * hits / total);
    }
  }
}
