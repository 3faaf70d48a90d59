package dev.atmosphere.ops.embedded;

import java.net.InetAddress;
import java.net.ServerSocket;

/** A child process that holds a port for a minute, as an orphaned registry holds its own (args: port, then any). */
public final class PortHolder {

  private PortHolder() {}

  public static void main(String[] args) throws Exception {
    try (ServerSocket socket = new ServerSocket(Integer.parseInt(args[0]), 50, InetAddress.getLoopbackAddress())) {
      System.out.println("listening");
      System.out.flush();
      socket.setSoTimeout(60_000); // holds the port until the test stops the process (or a minute has passed)
      socket.accept();
    }
  }
}
