// The replay driver: a main() for the fuzz targets when they are not built with libFuzzer (g++,
// or MANTLE_FUZZ off). It runs every file named on the command line, and every file of every
// directory named there, through LLVMFuzzerTestOneInput once, so that CTest checks the corpora
// (and the crashes found before, kept as seeds) on every run. It does not mutate inputs: that is
// libFuzzer's job.

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <cstdint>
#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);

namespace {

bool runFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(path));
        return false;
    }
    const QByteArray bytes = file.readAll();
    // A copy of exactly `size` bytes on the heap, as libFuzzer passes it, so that AddressSanitizer
    // (in a sanitizer build) catches a read past the end.
    QByteArray exact(bytes.constData(), bytes.size());
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t *>(exact.constData()),
                           static_cast<std::size_t>(exact.size()));
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
        return 2;
    }
    int inputs = 0;
    bool ok = true;
    for (int i = 1; i < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        if (QFileInfo(arg).isDir()) {
            QStringList files;
            QDirIterator it(arg, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext())
                files.append(it.next());
            files.sort();
            for (const QString &file : files) {
                ok = runFile(file) && ok;
                ++inputs;
            }
        } else {
            ok = runFile(arg) && ok;
            ++inputs;
        }
    }
    std::printf("%s: %d input(s) replayed\n", argv[0], inputs);
    if (inputs == 0) {
        std::fprintf(stderr, "no input found: is the corpus built (fuzz/make-corpora)?\n");
        return 1;
    }
    return ok ? 0 : 1;
}
