/** File helpers shared by every package: atomic writes and the project's JSON mapper. */
package caption.io;
