// Side-by-side harness: runs Lucene's SoraniAnalyzer (Apache-2.0, Debian liblucene8-java) on stdin.
// Mode "terms": one output line per input line, "term@position@start@end" tokens separated by spaces.
// Mode "speed": analyses the whole input three times and prints "round<TAB>tokens<TAB>CPU seconds".
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ckb.SoraniAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

public class SoraniTerms {
    public static void main(String[] args) throws Exception {
        SoraniAnalyzer analyzer = new SoraniAnalyzer();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out), false, "UTF-8");
        String mode = args.length > 0 ? args[0] : "terms";
        if (mode.equals("speed")) {
            StringBuilder all = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                all.append(line).append('\n');
            }
            String text = all.toString();
            // CPU time of this thread, like the Python side's process_time: fair on a busy machine
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (int round = 0; round < 3; round++) {
                long started = threads.getCurrentThreadCpuTime();
                long tokens = 0;
                try (TokenStream ts = analyzer.tokenStream("f", text)) {
                    ts.addAttribute(CharTermAttribute.class);
                    ts.reset();
                    while (ts.incrementToken()) {
                        tokens++;
                    }
                    ts.end();
                }
                out.println(round + "\t" + tokens + "\t" + (threads.getCurrentThreadCpuTime() - started) / 1e9);
            }
            out.flush();
            return;
        }
        String line;
        while ((line = in.readLine()) != null) {
            StringBuilder row = new StringBuilder();
            try (TokenStream ts = analyzer.tokenStream("f", line)) {
                CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
                PositionIncrementAttribute increment = ts.addAttribute(PositionIncrementAttribute.class);
                OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
                ts.reset();
                int position = -1;
                while (ts.incrementToken()) {
                    position += increment.getPositionIncrement();
                    if (row.length() > 0) {
                        row.append(' ');
                    }
                    row.append(term).append('@').append(position);
                    row.append('@').append(offset.startOffset()).append('@').append(offset.endOffset());
                }
                ts.end();
            }
            out.println(row);
        }
        out.flush();
    }
}
