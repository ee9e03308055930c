// Load benchmark (issue #10, item 6): ROUNDS times, STREAMS streamed answers started at once
// through one HttpClient against the emulator (every surface; API key and SigV4), then
// everything deleted. After each round it prints the heap in use (glibc mallinfo2), so that a
// heap tool (valgrind massif, heaptrack) and the program itself show whether memory returns to
// its baseline. Correctness is tests/tst_concurrentstreams's job; this only checks that each
// answer came whole. See README.md for the commands and figures.
//
//   load_streams [--rounds N] [--streams N] [--pace-ms N] [--url http://127.0.0.1:PORT]
//                [--fresh-client]
//
// Without --url it starts an emulator in this process (its memory is then counted too).

#include "aws/credentials.h"
#include "aws/sigv4signer.h"
#include "aws/staticcredentialprovider.h"
#include "common/clock.h"
#include "common/secretstring.h"
#include "localemulator.h"
#include "mantle/endpoint.h"
#include "net/httpclient.h"
#include "pipeline/calltarget.h"
#include "pipeline/routememory.h"
#include "pipeline/turncall.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QTimer>

#include <cstdio>
#include <memory>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace aws = ::mantle::aws;
namespace api = ::mantle::api;
namespace net = ::mantle::net;
namespace pipeline = ::mantle::pipeline;
namespace emulator = ::mantle::emulator;
using ::mantle::SecretString;
using ::mantle::SystemClock;
using ::mantle::mantle::ApiSurface;
using ::mantle::mantle::Endpoint;

namespace {

/// Bytes the allocator has handed out and not got back (0 where glibc's mallinfo2 is missing).
long long heapInUse()
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    return static_cast<long long>(mallinfo2().uordblks);
#else
    return 0;
#endif
}

api::RequestSpec specFor(int i)
{
    const ApiSurface surfaces[]
        = {ApiSurface::ChatCompletions, ApiSurface::Responses, ApiSurface::Messages};
    api::RequestSpec spec;
    spec.surface = surfaces[i % 3];
    spec.model = spec.surface == ApiSurface::Messages ? QStringLiteral("anthropic.claude-haiku-4-5")
                                                      : QStringLiteral("openai.gpt-oss-120b");
    api::ConversationMessage message;
    message.text
        = QStringLiteral("Stream %1 of the load benchmark: please answer at length").arg(i);
    spec.messages.append(message);
    spec.stream = true;
    if (spec.surface == ApiSurface::Messages)
        spec.parameters.maxOutputTokens = 1024;
    // Stored responses stay in the emulator (nothing expires there): with one in this process
    // they would be counted as ours.
    if (spec.surface == ApiSurface::Responses)
        spec.store = false;
    return spec;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption roundsOption(QStringLiteral("rounds"), QStringLiteral("Rounds."),
                                          QStringLiteral("N"), QStringLiteral("10"));
    const QCommandLineOption streamsOption(QStringLiteral("streams"),
                                           QStringLiteral("Streams per round."),
                                           QStringLiteral("N"), QStringLiteral("20"));
    const QCommandLineOption paceOption(QStringLiteral("pace-ms"),
                                        QStringLiteral("Milliseconds between stream events."),
                                        QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption urlOption(QStringLiteral("url"),
                                       QStringLiteral("A running emulator (default: in-process)."),
                                       QStringLiteral("URL"));
    const QCommandLineOption freshOption(
        QStringLiteral("fresh-client"),
        QStringLiteral("A new QNetworkAccessManager and HttpClient for each round."));
    parser.addOptions({roundsOption, streamsOption, paceOption, urlOption, freshOption});
    parser.process(app);
    const int rounds = parser.value(roundsOption).toInt();
    const int streams = parser.value(streamsOption).toInt();
    const QByteArray pace = parser.value(paceOption).toLatin1();
    const bool freshClient = parser.isSet(freshOption);

    SystemClock clock;
    std::unique_ptr<emulator::LocalEmulator> localEmulator;
    QString url = parser.value(urlOption);
    if (url.isEmpty()) {
        localEmulator = std::make_unique<emulator::LocalEmulator>(clock);
        if (!localEmulator->start(0)) {
            std::fprintf(stderr, "cannot start the emulator: %s\n",
                         qPrintable(localEmulator->errorString()));
            return 1;
        }
        url = localEmulator->rootUrl().toString();
    }
    const ::mantle::Result<Endpoint> parsed = Endpoint::parse(url);
    if (!parsed) {
        std::fprintf(stderr, "not an endpoint: %s\n", qPrintable(url));
        return 2;
    }
    const Endpoint endpoint = *parsed;

    aws::SigV4Signer signer;
    // One network layer for all rounds (as the app has), or a new one each round.
    std::unique_ptr<QNetworkAccessManager> network;
    std::unique_ptr<net::HttpClient> client;
    const auto makeClient = [&] {
        client.reset();
        network = std::make_unique<QNetworkAccessManager>();
        network->setProxy(QNetworkProxy::NoProxy);
        client = std::make_unique<net::HttpClient>(network.get(), signer, clock);
    };
    makeClient();
    aws::Credentials credentials;
    credentials.accessKeyId = QString::fromLatin1(emulator::LocalEmulator::kAccessKeyId);
    credentials.secretAccessKey
        = SecretString(std::string_view(emulator::LocalEmulator::kSecretAccessKey));
    aws::StaticCredentialProvider provider(credentials, clock);
    pipeline::RouteMemory memory;

    std::printf("round,heap_in_use_bytes,answer_chars,failed\n");
    std::printf("start,%lld,0,0\n", heapInUse());
    int totalFailed = 0;
    for (int round = 0; round < rounds; ++round) {
        long long answerChars = 0;
        int failed = 0;
        {
            QObject owner;
            int finished = 0;
            QEventLoop loop;
            for (int i = 0; i < streams; ++i) {
                pipeline::CallTarget target;
                target.account = QStringLiteral("emulator");
                target.region = QStringLiteral("us-east-1");
                target.endpoint = endpoint;
                if (i % 2 == 0) {
                    target.auth.kind = net::HttpAuth::Kind::Bearer;
                    target.auth.apiKey
                        = SecretString(std::string_view(emulator::LocalEmulator::kApiKey));
                } else {
                    target.auth.kind = net::HttpAuth::Kind::SigV4;
                    target.auth.credentials = &provider;
                }
                target.options.maxRetries = 0;
                target.extraHeaders.append({QByteArrayLiteral("x-emulator-pace"), pace});
                auto *call = new pipeline::TurnCall(*client, specFor(i), target, &memory, &owner);
                QObject::connect(call, &pipeline::TurnCall::finished, call, [&, call] {
                    const bool whole = !call->error() && !call->turn().error
                        && !call->turn().stopReason.isEmpty()
                        && call->turn().text.contains(call->spec().messages.constFirst().text);
                    answerChars += call->turn().text.size();
                    failed += whole ? 0 : 1;
                    if (++finished == streams)
                        loop.quit();
                });
                call->start();
            }
            // A timer of the round's own: QTimer::singleShot() would leave a pending timer
            // object behind each round until it fires.
            QTimer timeout;
            timeout.setSingleShot(true);
            QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
            timeout.start(120000);
            loop.exec();
            if (finished != streams)
                failed += streams - finished;
        }
        if (freshClient)
            makeClient();
        // What the calls and the network layer left for later deletion goes now.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QCoreApplication::processEvents();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        std::printf("%d,%lld,%lld,%d\n", round + 1, heapInUse(), answerChars, failed);
        std::fflush(stdout);
        totalFailed += failed;
    }
    return totalFailed == 0 ? 0 : 3;
}
