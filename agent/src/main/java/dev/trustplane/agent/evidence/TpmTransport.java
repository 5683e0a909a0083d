package dev.trustplane.agent.evidence;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A byte stream to a TPM 2.0: one marshalled command out, one response back. The same bytes go to
 * {@code /dev/tpmrm0} (one {@code write}, one {@code read}; the kernel's resource manager returns the whole
 * response to one read) and to swtpm's TCP data port (raw TPM commands, no framing). Responses are bounded:
 * the header's size field must be 10..{@link #MAX_RESPONSE} and all of it must arrive.
 */
public interface TpmTransport extends Closeable {
    /** TPM 2.0 responses fit in the maximum command/response buffer (4096 on the TPMs we target). */
    int MAX_RESPONSE = 8192;

    /** Sends {@code command} and returns the complete response (header included). */
    byte[] transact(byte[] command) throws IOException;

    /** What this transport talks to, for messages. */
    String describe();

    /** A TPM character device such as {@code /dev/tpmrm0}. */
    static TpmTransport device(Path device) throws IOException {
        FileChannel ch = FileChannel.open(device, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new TpmTransport() {
            @Override
            public synchronized byte[] transact(byte[] command) throws IOException {
                int written = ch.write(ByteBuffer.wrap(command));
                if (written != command.length) {
                    throw new IOException("short write to " + device + ": " + written + " of " + command.length);
                }
                ByteBuffer in = ByteBuffer.allocate(MAX_RESPONSE);
                int n = ch.read(in);
                byte[] response = java.util.Arrays.copyOf(in.array(), Math.max(n, 0));
                checkComplete(response, device.toString());
                return response;
            }

            @Override
            public String describe() {
                return device.toString();
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    /** swtpm's (or the Microsoft simulator's raw) TCP data port. */
    static TpmTransport tcp(String host, int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(60_000);
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        String name = "tpm tcp " + host + ":" + port;
        return new TpmTransport() {
            @Override
            public synchronized byte[] transact(byte[] command) throws IOException {
                out.write(command);
                out.flush();
                byte[] header = in.readNBytes(10);
                if (header.length < 10) {
                    throw new IOException(name + " closed the connection after " + header.length + " response bytes");
                }
                int size = ByteBuffer.wrap(header).getInt(2);
                if (size < 10 || size > MAX_RESPONSE) {
                    throw new IOException(name + " response size " + Integer.toUnsignedString(size) + " out of range");
                }
                byte[] response = java.util.Arrays.copyOf(header, size);
                int got = in.readNBytes(response, 10, size - 10);
                if (got != size - 10) {
                    throw new IOException(name + " sent " + (10 + got) + " of " + size + " response bytes");
                }
                return response;
            }

            @Override
            public String describe() {
                return name;
            }

            @Override
            public void close() throws IOException {
                socket.close();
            }
        };
    }

    /** A response must be at least a header and exactly as long as its size field says. */
    static void checkComplete(byte[] response, String from) throws IOException {
        if (response.length < 10) {
            throw new IOException(from + " returned " + response.length + " bytes, shorter than a TPM response header");
        }
        int size = ByteBuffer.wrap(response).getInt(2);
        if (size != response.length) {
            throw new IOException(from + " returned " + response.length + " bytes, its header says "
                    + Integer.toUnsignedString(size));
        }
    }
}
