package io.vigie.agent.detect;

/**
 * Where reading of one file stopped, as saved in {@code detect/positions.json}.
 *
 * @param path the followed path
 * @param device the file's device number
 * @param inode the file's inode number
 * @param offset the first byte not yet handed over as part of a whole line
 * @param skipping true when {@code offset} is inside a line that was cut at 16 KiB, whose rest is skipped
 * @param headLength how many bytes {@code headHash} covers (the first 256, or fewer in a smaller file)
 * @param headHash a CRC-32C of those bytes, to tell a new file that reuses the inode
 */
record Position(String path, long device, long inode, long offset, boolean skipping, int headLength, long headHash) {
}
