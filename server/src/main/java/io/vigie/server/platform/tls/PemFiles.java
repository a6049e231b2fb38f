package io.vigie.server.platform.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads and writes the PEM files of the TLS material.
 *
 * <p>A write never leaves a half-written file behind: the content goes to a temporary file in the
 * same directory, created with its final permissions, is forced to disk, and is then moved over
 * the target atomically. A private key file is created with mode 0600, so the key is never
 * readable by another user, not even for an instant (nothing is chmod-ed after writing). A read
 * that fails throws a {@link TlsFileException} naming the file.
 */
final class PemFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private PemFiles() {
    }

    /**
     * Reads every certificate of a PEM file, in file order.
     *
     * @param file a PEM file holding one or more {@code CERTIFICATE} blocks and nothing else
     * @return the certificates, never empty
     * @throws TlsFileException when the file cannot be read, holds something else, or holds none
     */
    static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (!(block instanceof X509CertificateHolder holder)) {
                    throw new TlsFileException(file, "expected only PEM certificates, found a "
                            + block.getClass().getSimpleName());
                }
                certificates.add(converter.getCertificate(holder));
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            if (e instanceof TlsFileException tls) {
                throw tls;
            }
            throw new TlsFileException(file, "cannot read the certificate", e);
        }
        if (certificates.isEmpty()) {
            throw new TlsFileException(file, "holds no PEM certificate");
        }
        return List.copyOf(certificates);
    }

    /**
     * Reads an unencrypted private key: PKCS#8 ({@code PRIVATE KEY}), or the OpenSSL forms
     * {@code EC PRIVATE KEY} and {@code RSA PRIVATE KEY}.
     *
     * @param file the PEM file
     * @return the key
     * @throws TlsFileException when the file cannot be read, is encrypted, or holds no key
     */
    static PrivateKey readPrivateKey(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            Object block = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            return switch (block) {
                case PrivateKeyInfo info -> converter.getPrivateKey(info);
                case PEMKeyPair pair -> converter.getPrivateKey(pair.getPrivateKeyInfo());
                case PKCS8EncryptedPrivateKeyInfo _ -> throw encrypted(file);
                case PEMEncryptedKeyPair _ -> throw encrypted(file);
                case null -> throw new TlsFileException(file, "holds no PEM private key");
                default -> throw new TlsFileException(file, "expected a PEM private key, found a "
                        + block.getClass().getSimpleName());
            };
        } catch (IOException | RuntimeException e) {
            if (e instanceof TlsFileException tls) {
                throw tls;
            }
            throw new TlsFileException(file, "cannot read the private key", e);
        }
    }

    private static TlsFileException encrypted(Path file) {
        return new TlsFileException(file, "the private key is encrypted; give it without a passphrase "
                + "and protect it with file permissions (mode 0600)");
    }

    /**
     * Writes certificates as PEM, readable by everyone (mode 0644 less the umask), atomically.
     *
     * @param file the target, replaced if it exists
     * @param certificates the certificates, in order
     */
    static void writeCertificates(Path file, List<X509Certificate> certificates) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(certificate);
            }
        } catch (IOException e) {
            throw new TlsFileException(file, "cannot encode the certificate", e);
        }
        write(file, text.toString(), WORLD_READABLE);
    }

    /**
     * Writes a private key as unencrypted PKCS#8 PEM, in a file created with mode 0600, atomically.
     *
     * @param file the target, replaced if it exists
     * @param key the key
     */
    static void writePrivateKey(Path file, PrivateKey key) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new TlsFileException(file, "cannot encode the private key", e);
        }
        write(file, text.toString(), OWNER_ONLY);
    }

    /**
     * Creates a directory, and its missing parents, readable only by its owner (mode 0700) when it
     * does not exist yet. An existing directory keeps its permissions.
     *
     * @param directory the directory
     */
    static void createPrivateDirectory(Path directory) {
        if (Files.isDirectory(directory)) {
            return;
        }
        try {
            Path parent = directory.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (isPosix(parent)) {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
            } else {
                Files.createDirectory(directory);
            }
        } catch (IOException e) {
            throw new TlsFileException(directory, "cannot create the directory", e);
        }
    }

    private static void write(Path file, String content, Set<PosixFilePermission> permissions) {
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            FileAttribute<?>[] attributes = isPosix(directory)
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                    : new FileAttribute<?>[0];
            temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp", attributes);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temporary = null;
            forceDirectory(directory);
        } catch (IOException e) {
            throw new TlsFileException(file, "cannot write", e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the write failed already; a stray hidden temporary file is harmless
                }
            }
        }
    }

    /** Makes the rename durable; not every file system lets a directory be opened, hence best effort. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort: the file content itself is already on disk
        }
    }

    private static boolean isPosix(Path directory) {
        return directory != null
                && directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
