<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>ConversationItemLayout</name>
    <message>
        <source>Tool call · %1</source>
        <translation>ツール呼び出し · %1</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>コピーしました</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>推論</translation>
    </message>
    <message>
        <source>Reasoning (hidden)</source>
        <translation>推論（非表示）</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>Streaming…</source>
        <translation>ストリーミング中…</translation>
    </message>
</context>
<context>
    <name>mantle::JsonFieldReader</name>
    <message>
        <source>a JSON object</source>
        <translation>JSON オブジェクト</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is invalid: expected %2.</source>
        <translation>フィールド &quot;%1&quot; が無効です: %2 である必要があります。</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>文字列</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true または false</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数値</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>リスト</translation>
    </message>
    <message>
        <source>a date and time such as %1</source>
        <translation>%1 のような日時</translation>
    </message>
    <message>
        <source>base64 text</source>
        <translation>base64 テキスト</translation>
    </message>
</context>
<context>
    <name>mantle::Regions</name>
    <message>
        <source>US East (N. Virginia)</source>
        <translation>米国東部 (バージニア北部)</translation>
    </message>
    <message>
        <source>US East (Ohio)</source>
        <translation>米国東部 (オハイオ)</translation>
    </message>
    <message>
        <source>US West (Oregon)</source>
        <translation>米国西部 (オレゴン)</translation>
    </message>
    <message>
        <source>Asia Pacific (Mumbai)</source>
        <translation>アジアパシフィック (ムンバイ)</translation>
    </message>
    <message>
        <source>Asia Pacific (Jakarta)</source>
        <translation>アジアパシフィック (ジャカルタ)</translation>
    </message>
    <message>
        <source>Asia Pacific (Sydney)</source>
        <translation>アジアパシフィック (シドニー)</translation>
    </message>
    <message>
        <source>Asia Pacific (Tokyo)</source>
        <translation>アジアパシフィック (東京)</translation>
    </message>
    <message>
        <source>Europe (Frankfurt)</source>
        <translation>欧州 (フランクフルト)</translation>
    </message>
    <message>
        <source>Europe (Ireland)</source>
        <translation>欧州 (アイルランド)</translation>
    </message>
    <message>
        <source>Europe (London)</source>
        <translation>欧州 (ロンドン)</translation>
    </message>
    <message>
        <source>Europe (Milan)</source>
        <translation>欧州 (ミラノ)</translation>
    </message>
    <message>
        <source>Europe (Stockholm)</source>
        <translation>欧州 (ストックホルム)</translation>
    </message>
    <message>
        <source>South America (São Paulo)</source>
        <translation>南米 (サンパウロ)</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::Account</name>
    <message>
        <source>The account name must be 1 to %1 characters, without &apos;/&apos;, &apos;\&apos;, control characters or blanks at either end.</source>
        <translation>アカウント名は 1〜%1 文字で、「/」「\」や制御文字を含めず、前後に空白を入れないでください。</translation>
    </message>
    <message>
        <source>Account “%1”: “%2” is not a Mantle region; use one of %3.</source>
        <translation>アカウント「%1」: 「%2」は Mantle のリージョンではありません。%3 のいずれかを使用してください。</translation>
    </message>
    <message>
        <source>Account “%1”: the endpoint is not usable: %2</source>
        <translation>アカウント「%1」: エンドポイントを使用できません: %2</translation>
    </message>
    <message>
        <source>The access key id</source>
        <translation>アクセスキー ID</translation>
    </message>
    <message>
        <source>Account “%1”: %2</source>
        <translation>アカウント「%1」: %2</translation>
    </message>
    <message>
        <source>Account “%1”: an assumed role needs the name of the account whose keys assume it.</source>
        <translation>アカウント「%1」: 引き受けるロールには、ロールを引き受けるキーを持つアカウントの名前が必要です。</translation>
    </message>
    <message>
        <source>Account “%1”: a role cannot be its own source account.</source>
        <translation>アカウント「%1」: ロールを自身のソースアカウントにすることはできません。</translation>
    </message>
    <message>
        <source>Account “%1”: an assumed role needs the AWS profile whose credentials assume it.</source>
        <translation>アカウント「%1」: 引き受けるロールには、その認証情報でロールを引き受ける AWS プロファイルが必要です。</translation>
    </message>
    <message>
        <source>Account “%1”: unknown auth method “%2” (access-key, role or api-key).</source>
        <translation>アカウント「%1」: 不明な認証方法「%2」です (access-key、role、api-key のいずれか)。</translation>
    </message>
    <message>
        <source>Account “%1”: unknown role source “%2” (account or aws-profile).</source>
        <translation>アカウント「%1」: 不明なロールのソース「%2」です (account または aws-profile)。</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountImporter</name>
    <message>
        <source>AWS profile “%1” uses %2, which accounts do not support.</source>
        <translation>AWS プロファイル「%1」は %2 を使用していますが、アカウントではサポートされていません。</translation>
    </message>
    <message>
        <source>Add the account with access keys or an API key instead.</source>
        <translation>代わりにアクセスキーまたは API キーでアカウントを追加してください。</translation>
    </message>
    <message>
        <source>%1 names no region: the account uses %2.</source>
        <translation>%1 にリージョンの指定がありません: アカウントは %2 を使用します。</translation>
    </message>
    <message>
        <source>%1 names the region %2, which does not serve Mantle: the account uses %3.</source>
        <translation>%1 が指定するリージョン %2 は Mantle を提供していません: アカウントは %3 を使用します。</translation>
    </message>
    <message>
        <source>IAM Identity Center (sso_*)</source>
        <translation>IAM Identity Center (sso_*)</translation>
    </message>
    <message>
        <source>AWS profile “%1”</source>
        <translation>AWS プロファイル「%1」</translation>
    </message>
    <message>
        <source>Imported from AWS profile “%1”.</source>
        <translation>AWS プロファイル「%1」からインポートしました。</translation>
    </message>
    <message>
        <source>role_arn without source_profile</source>
        <translation>source_profile のない role_arn</translation>
    </message>
    <message>
        <source>AWS profile “%1” has only one of aws_access_key_id and aws_secret_access_key.</source>
        <translation>AWS プロファイル「%1」には aws_access_key_id と aws_secret_access_key の片方しかありません。</translation>
    </message>
    <message>
        <source>AWS profile “%1” has neither keys nor a role to import.</source>
        <translation>AWS プロファイル「%1」には、インポートできるキーもロールもありません。</translation>
    </message>
    <message>
        <source>The environment</source>
        <translation>環境変数</translation>
    </message>
    <message>
        <source>Imported from AWS_BEARER_TOKEN_BEDROCK.</source>
        <translation>AWS_BEARER_TOKEN_BEDROCK からインポートしました。</translation>
    </message>
    <message>
        <source>Imported from AWS_ACCESS_KEY_ID.</source>
        <translation>AWS_ACCESS_KEY_ID からインポートしました。</translation>
    </message>
    <message>
        <source>The keys from the environment expire at %1.</source>
        <translation>環境変数のキーは %1 に有効期限が切れます。</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountManager</name>
    <message>
        <source>%1 The account “%2” was not saved.</source>
        <translation>%1 アカウント「%2」は保存されませんでした。</translation>
    </message>
    <message>
        <source>There is already an account “%1”.</source>
        <translation>アカウント「%1」はすでに存在します。</translation>
    </message>
    <message>
        <source>Account “%1” needs its secret access key.</source>
        <translation>アカウント「%1」にはシークレットアクセスキーが必要です。</translation>
    </message>
    <message>
        <source>Account “%1” needs its API key.</source>
        <translation>アカウント「%1」には API キーが必要です。</translation>
    </message>
    <message>
        <source>The source account “%1” of “%2” must be an existing access-key account.</source>
        <translation>「%2」のソースアカウント「%1」は、既存のアクセスキーのアカウントである必要があります。</translation>
    </message>
    <message>
        <source>The keychain holds no %1 for account “%2”.</source>
        <translation>キーチェーンにアカウント「%2」の %1 がありません。</translation>
    </message>
    <message>
        <source>Remove the account and add it again.</source>
        <translation>アカウントを削除して、もう一度追加してください。</translation>
    </message>
    <message>
        <source>There is no account “%1”.</source>
        <translation>アカウント「%1」はありません。</translation>
    </message>
    <message>
        <source>Account “%1” is the source of %2: remove those first.</source>
        <translation>アカウント「%1」は %2 のソースです。先にそれらを削除してください。</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountResolver</name>
    <message>
        <source>The source account “%1” of “%2” is missing or has no access keys.</source>
        <translation>「%2」のソースアカウント「%1」が存在しないか、アクセスキーがありません。</translation>
    </message>
    <message>
        <source>AWS profile “%1” needs an MFA code, which accounts cannot ask for.</source>
        <translation>AWS プロファイル「%1」には MFA コードが必要ですが、アカウントからは入力を求められません。</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountStore</name>
    <message>
        <source>There is no account “%1”.</source>
        <translation>アカウント「%1」はありません。</translation>
    </message>
    <message>
        <source>`mantle accounts list` shows the accounts.</source>
        <translation>`mantle accounts list` でアカウントを一覧表示できます。</translation>
    </message>
    <message>
        <source>The settings of account “%1” are broken: %2</source>
        <translation>アカウント「%1」の設定が壊れています: %2</translation>
    </message>
    <message>
        <source>There is already an account “%1”.</source>
        <translation>アカウント「%1」はすでに存在します。</translation>
    </message>
    <message>
        <source>The settings file “%1” could not be written.</source>
        <translation>設定ファイル「%1」を書き込めませんでした。</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2</source>
        <translation>「%1」に書き込めません: %2</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2</source>
        <translation>「%1」を読み込めません: %2</translation>
    </message>
    <message>
        <source>“%1” is too large to be an account file.</source>
        <translation>「%1」はアカウントファイルとしては大きすぎます。</translation>
    </message>
    <message>
        <source>“%1” is not an account file exported by Mantle Playground.</source>
        <translation>「%1」は Mantle Playground からエクスポートしたアカウントファイルではありません。</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::ConnectionTest</name>
    <message>
        <source>the source credentials&apos; principal</source>
        <translation>ソース認証情報のプリンシパル</translation>
    </message>
    <message>
        <source>The trust policy of %1 must allow sts:AssumeRole for %2, and that principal needs sts:AssumeRole on the role.</source>
        <translation>%1 の信頼ポリシーで %2 に sts:AssumeRole を許可し、そのプリンシパルにもロールに対する sts:AssumeRole を許可する必要があります。</translation>
    </message>
    <message>
        <source>Check that the account&apos;s external ID is the one the trust policy&apos;s sts:ExternalId condition expects.</source>
        <translation>アカウントの外部 ID が、信頼ポリシーの sts:ExternalId 条件で想定されている値と一致しているか確認してください。</translation>
    </message>
    <message>
        <source>If the trust policy has an sts:ExternalId condition, set the external ID it expects on the account.</source>
        <translation>信頼ポリシーに sts:ExternalId 条件がある場合は、想定されている外部 ID をアカウントに設定してください。</translation>
    </message>
    <message>
        <source>a Bedrock API key (Bearer)</source>
        <translation>Bedrock API キー (Bearer)</translation>
    </message>
    <message>
        <source>The account has no AWS credentials.</source>
        <translation>アカウントに AWS 認証情報がありません。</translation>
    </message>
    <message>
        <source>Store the account&apos;s access key (or pick a source for the role).</source>
        <translation>アカウントのアクセスキーを保存してください (ロールの場合はソースを選択してください)。</translation>
    </message>
    <message>
        <source>access key %1 (%2)</source>
        <translation>アクセスキー %1 (%2)</translation>
    </message>
    <message>
        <source>temporary</source>
        <translation>一時的</translation>
    </message>
    <message>
        <source>long-term</source>
        <translation>長期</translation>
    </message>
    <message>
        <source>assumed %1 (access key %2)</source>
        <translation>引き受けたロール %1 (アクセスキー %2)</translation>
    </message>
    <message>
        <source>The region “%1” does not serve Bedrock Mantle.</source>
        <translation>リージョン「%1」は Bedrock Mantle を提供していません。</translation>
    </message>
    <message>
        <source>Use one of the Mantle regions: %1.</source>
        <translation>Mantle のリージョンのいずれかを使用してください: %1。</translation>
    </message>
    <message>
        <source>%1, through %2</source>
        <translation>%1 (%2 経由)</translation>
    </message>
    <message>
        <source>Allow bedrock-mantle:CallWithBearerToken on &quot;*&quot; for the IAM user that owns the API key (`mantle accounts policy` prints the policy).</source>
        <translation>API キーを所有する IAM ユーザーに、&quot;*&quot; に対する bedrock-mantle:CallWithBearerToken を許可してください (`mantle accounts policy` でポリシーを表示できます)。</translation>
    </message>
    <message>
        <source>Allow %1 on arn:aws:bedrock-mantle:%2:%3:project/* for this account&apos;s IAM principal (`mantle accounts policy` prints the policy), or attach the managed policy AmazonBedrockMantleInferenceAccess.</source>
        <translation>このアカウントの IAM プリンシパルに arn:aws:bedrock-mantle:%2:%3:project/* に対する %1 を許可するか (`mantle accounts policy` でポリシーを表示できます)、管理ポリシー AmazonBedrockMantleInferenceAccess をアタッチしてください。</translation>
    </message>
    <message>
        <source>The model list answer has no “data” array.</source>
        <translation>モデル一覧の応答に &quot;data&quot; 配列がありません。</translation>
    </message>
    <message>
        <source>1 model listed</source>
        <translation>1 個のモデルが一覧にあります</translation>
    </message>
    <message>
        <source>%1 models listed</source>
        <translation>%1 個のモデルが一覧にあります</translation>
    </message>
    <message>
        <source>%1 answered a 1-token Chat Completions request through %2</source>
        <translation>%1 が 1 トークンの Chat Completions リクエストに %2 経由で応答しました</translation>
    </message>
    <message>
        <source>%1 is served under %2, not the prefix tried first; the route was learned for this account and region.</source>
        <translation>%1 は最初に試したプレフィックスではなく %2 で提供されています。このアカウントとリージョンのルートとして記憶しました。</translation>
    </message>
    <message>
        <source>%1 is a third-party model: a first call also needs aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions (with the condition aws:CalledViaLast = bedrock-mantle.amazonaws.com).</source>
        <translation>%1 はサードパーティのモデルです: 初回の呼び出しには aws-marketplace:Subscribe と aws-marketplace:ViewSubscriptions も必要です (条件 aws:CalledViaLast = bedrock-mantle.amazonaws.com 付き)。</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::IamPolicyHelper</name>
    <message>
        <source>Instead of the policy above, attach the AWS managed policy AmazonBedrockMantleInferenceAccess (inference, including the Marketplace subscription for third-party models); AmazonBedrockMantleFullAccess grants everything and AmazonBedrockMantleReadOnly only reading.</source>
        <translation>上記のポリシーの代わりに、AWS 管理ポリシー AmazonBedrockMantleInferenceAccess (推論用。サードパーティモデルの Marketplace サブスクリプションを含む) をアタッチすることもできます。AmazonBedrockMantleFullAccess はすべてを許可し、AmazonBedrockMantleReadOnly は読み取りのみを許可します。</translation>
    </message>
    <message>
        <source>Attach it to the IAM user that owns the API key.</source>
        <translation>API キーを所有する IAM ユーザーにアタッチしてください。</translation>
    </message>
    <message>
        <source>Attach it to the role; the trust policy is needed either way.</source>
        <translation>ロールにアタッチしてください。いずれの場合も信頼ポリシーが必要です。</translation>
    </message>
    <message>
        <source>the IAM user that owns the API key</source>
        <translation>API キーを所有する IAM ユーザー</translation>
    </message>
    <message>
        <source>the IAM user or role of the access key</source>
        <translation>アクセスキーの IAM ユーザーまたはロール</translation>
    </message>
    <message>
        <source>Identity policy for %1:</source>
        <translation>%1 のアイデンティティポリシー:</translation>
    </message>
    <message>
        <source>Trust policy of the role:</source>
        <translation>ロールの信頼ポリシー:</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::ModelSettingsStore</name>
    <message>
        <source>The saved model settings of “%1” could not be read: %2</source>
        <translation>「%1」の保存済みモデル設定を読み込めませんでした: %2</translation>
    </message>
    <message>
        <source>they are not a JSON object.</source>
        <translation>JSON オブジェクトではありません。</translation>
    </message>
    <message>
        <source>“%1” is not an account name.</source>
        <translation>「%1」はアカウント名ではありません。</translation>
    </message>
    <message>
        <source>The settings file “%1” could not be written.</source>
        <translation>設定ファイル「%1」を書き込めませんでした。</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::SecretStore</name>
    <message>
        <source>No keychain is available (%1).</source>
        <translation>使用できるキーチェーンがありません (%1)。</translation>
    </message>
    <message>
        <source>Start a keychain service (GNOME Keyring or KWallet on Linux). Mantle Playground never keeps secrets in plain files.</source>
        <translation>キーチェーンサービス (Linux では GNOME Keyring または KWallet) を起動してください。Mantle Playground はシークレットを平文のファイルに保存しません。</translation>
    </message>
    <message>
        <source>The keychain refused access to “%1” (%2).</source>
        <translation>キーチェーンが「%1」へのアクセスを拒否しました (%2)。</translation>
    </message>
    <message>
        <source>The keychain failed on “%1” (%2).</source>
        <translation>キーチェーンで「%1」の処理に失敗しました (%2)。</translation>
    </message>
    <message>
        <source>The keychain entry “%1” is damaged: %2.</source>
        <translation>キーチェーンのエントリ「%1」が破損しています: %2。</translation>
    </message>
    <message>
        <source>Enter the secret again; saving it stores it anew.</source>
        <translation>シークレットをもう一度入力してください。保存すると、新しく格納し直されます。</translation>
    </message>
    <message>
        <source>its %1 parts do not belong to one secret</source>
        <translation>%1 個の部分が 1 つのシークレットに属していません</translation>
    </message>
    <message>
        <source>part %1 of %2 (“%3”) is missing</source>
        <translation>%2 個中 %1 番目の部分 (「%3」) がありません</translation>
    </message>
    <message>
        <source>The secret for “%1” is too long for the keychain: it has %2 bytes, and the keychain holds at most %3 (%4 entries of %5 bytes).</source>
        <translation>「%1」のシークレットはキーチェーンには長すぎます: %2 バイトありますが、キーチェーンに格納できるのは最大 %3 バイト (%5 バイトのエントリ %4 個) です。</translation>
    </message>
    <message>
        <source>Check that only the secret was pasted. Nothing was saved.</source>
        <translation>シークレットだけを貼り付けたか確認してください。何も保存されていません。</translation>
    </message>
    <message>
        <source>its header is not understood</source>
        <translation>ヘッダーを解釈できません</translation>
    </message>
</context>
<context>
    <name>mantle::api::ErrorClassifier</name>
    <message>
        <source>account %1</source>
        <translation>アカウント %1</translation>
    </message>
    <message>
        <source>region %1</source>
        <translation>リージョン %1</translation>
    </message>
    <message>
        <source>model %1</source>
        <translation>モデル %1</translation>
    </message>
    <message>
        <source>route %1</source>
        <translation>ルート %1</translation>
    </message>
    <message>
        <source>no account or region named</source>
        <translation>アカウントやリージョンの指定なし</translation>
    </message>
    <message>
        <source>, </source>
        <comment>separates the parts of an error&apos;s place</comment>
        <translation>、</translation>
    </message>
    <message>
        <source>no HTTP status</source>
        <translation>HTTP ステータスなし</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>HTTP %1, %2</source>
        <translation>HTTP %1、%2</translation>
    </message>
    <message>
        <source>%1.</source>
        <comment>an error sentence without the server&apos;s message</comment>
        <translation>%1。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>an error sentence, then the server&apos;s message</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>A proxy or captive portal answered instead of Mantle, with a web page (HTTP %1; %2).</source>
        <translation>Mantle の代わりにプロキシまたはキャプティブポータルが Web ページで応答しました (HTTP %1、%2)。</translation>
    </message>
    <message>
        <source>Check the network: sign in to the captive portal, or set the proxy (HTTPS_PROXY, NO_PROXY) so that requests reach Mantle.</source>
        <translation>ネットワークを確認してください: キャプティブポータルにサインインするか、リクエストが Mantle に届くようにプロキシ (HTTPS_PROXY、NO_PROXY) を設定してください。</translation>
    </message>
    <message>
        <source>The model is not served under this route (%1; %2)</source>
        <translation>このモデルはこのルートでは提供されていません (%1、%2)</translation>
    </message>
    <message>
        <source>Call the model under /openai/v1 or /v1, whichever it is served under.</source>
        <translation>モデルが提供されている方のルート (/openai/v1 または /v1) で呼び出してください。</translation>
    </message>
    <message>
        <source>Use the route %1 for this model instead (the app retries there once and remembers it).</source>
        <translation>このモデルには代わりにルート %1 を使用してください (アプリはそのルートで一度再試行し、記憶します)。</translation>
    </message>
    <message>
        <source>The model does not support the %1 API (%2; %3).</source>
        <translation>このモデルは %1 API をサポートしていません (%2、%3)。</translation>
    </message>
    <message>
        <source>Use %1 for this model instead.</source>
        <translation>このモデルには代わりに %1 を使用してください。</translation>
    </message>
    <message>
        <source>Mantle refused the request&apos;s signature because this computer&apos;s clock is off by about %1 seconds (%2; %3).</source>
        <translation>このコンピューターの時計が約 %1 秒ずれているため、Mantle がリクエストの署名を拒否しました (%2、%3)。</translation>
    </message>
    <message>
        <source>Mantle refused the request&apos;s signature because its time is outside the allowed window, so this computer&apos;s clock is probably wrong (%1; %2).</source>
        <translation>リクエストの時刻が許容範囲外のため、Mantle が署名を拒否しました。このコンピューターの時計が正しくない可能性があります (%1、%2)。</translation>
    </message>
    <message>
        <source>Set this computer&apos;s clock to the correct time (turn on automatic time synchronisation), then try again.</source>
        <translation>このコンピューターの時計を正しい時刻に合わせて (時刻の自動同期をオンにして)、もう一度お試しください。</translation>
    </message>
    <message>
        <source>The credentials have expired (%1; %2).</source>
        <translation>認証情報の有効期限が切れています (%1、%2)。</translation>
    </message>
    <message>
        <source>Create a new Bedrock API key and update the account.</source>
        <translation>新しい Bedrock API キーを作成して、アカウントを更新してください。</translation>
    </message>
    <message>
        <source>Refresh the credentials (for example with `aws sso login`, or a new session token for the account), then try again.</source>
        <translation>認証情報を更新して (例: `aws sso login` を実行する、またはアカウントに新しいセッショントークンを設定する)、もう一度お試しください。</translation>
    </message>
    <message>
        <source>Mantle did not accept the API key (%1; %2).</source>
        <translation>Mantle が API キーを受け付けませんでした (%1、%2)。</translation>
    </message>
    <message>
        <source>The API key is wrong, expired or revoked: create a new Bedrock API key (long-term keys start with ABSK) and update the account.</source>
        <translation>API キーが間違っているか、期限切れか、取り消されています: 新しい Bedrock API キー (長期キーは ABSK で始まります) を作成して、アカウントを更新してください。</translation>
    </message>
    <message>
        <source>The request was signed for another service (%1; %2)</source>
        <translation>リクエストが別のサービス用に署名されています (%1、%2)</translation>
    </message>
    <message>
        <source>Sign requests with the service name bedrock-mantle.</source>
        <translation>サービス名 bedrock-mantle でリクエストに署名してください。</translation>
    </message>
    <message>
        <source>The request was signed for another region (%1; %2)</source>
        <translation>リクエストが別のリージョン用に署名されています (%1、%2)</translation>
    </message>
    <message>
        <source>Sign requests with the region of the endpoint (%1).</source>
        <translation>エンドポイントのリージョン (%1) でリクエストに署名してください。</translation>
    </message>
    <message>
        <source>Mantle did not accept the AWS credentials (%1; %2)</source>
        <translation>Mantle が AWS 認証情報を受け付けませんでした (%1、%2)</translation>
    </message>
    <message>
        <source>Check the account&apos;s access key id and secret access key (and the session token, if it has one).</source>
        <translation>アカウントのアクセスキー ID とシークレットアクセスキー (およびセッショントークンがある場合はそれも) を確認してください。</translation>
    </message>
    <message>
        <source>Access was denied (%1; %2)</source>
        <translation>アクセスが拒否されました (%1、%2)</translation>
    </message>
    <message>
        <source>The model is sold through AWS Marketplace: allow aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions (with the condition aws:CalledViaLast = bedrock-mantle.amazonaws.com), or attach the managed policy AmazonBedrockMantleInferenceAccess.</source>
        <translation>このモデルは AWS Marketplace を通じて販売されています: aws-marketplace:Subscribe と aws-marketplace:ViewSubscriptions を許可する (条件 aws:CalledViaLast = bedrock-mantle.amazonaws.com 付き) か、管理ポリシー AmazonBedrockMantleInferenceAccess をアタッチしてください。</translation>
    </message>
    <message>
        <source>Allow the action %1 for this account&apos;s IAM principal.</source>
        <translation>このアカウントの IAM プリンシパルにアクション %1 を許可してください。</translation>
    </message>
    <message>
        <source>Allow bedrock-mantle:CallWithBearerToken on &quot;*&quot; for the IAM principal that owns the API key.</source>
        <translation>API キーを所有する IAM プリンシパルに、&quot;*&quot; に対する bedrock-mantle:CallWithBearerToken を許可してください。</translation>
    </message>
    <message>
        <source>Allow bedrock-mantle:CreateInference on arn:aws:bedrock-mantle:%1:&lt;account-id&gt;:project/* for this account&apos;s IAM principal, or attach the managed policy AmazonBedrockMantleInferenceAccess.</source>
        <translation>このアカウントの IAM プリンシパルに arn:aws:bedrock-mantle:%1:&lt;account-id&gt;:project/* に対する bedrock-mantle:CreateInference を許可するか、管理ポリシー AmazonBedrockMantleInferenceAccess をアタッチしてください。</translation>
    </message>
    <message>
        <source>The model does not exist here (%1; %2)</source>
        <translation>このモデルはここには存在しません (%1、%2)</translation>
    </message>
    <message>
        <source>Model ids are bare: try %1. `mantle models` lists the region&apos;s models.</source>
        <translation>モデル ID にはプレフィックスやサフィックスを付けません: %1 を試してください。`mantle models` でリージョンのモデルを一覧表示できます。</translation>
    </message>
    <message>
        <source>Check the model id: ids are bare, without a -v1:0 suffix or a us./global. prefix. `mantle models` lists the region&apos;s models.</source>
        <translation>モデル ID を確認してください: ID には -v1:0 のようなサフィックスや us./global. のようなプレフィックスを付けません。`mantle models` でリージョンのモデルを一覧表示できます。</translation>
    </message>
    <message>
        <source>Mantle found nothing there (%1; %2)</source>
        <translation>Mantle はそこに何も見つけられませんでした (%1、%2)</translation>
    </message>
    <message>
        <source>Check the id in the request (for example a response id) and the endpoint, if one is set.</source>
        <translation>リクエスト内の ID (レスポンス ID など) と、設定されている場合はエンドポイントを確認してください。</translation>
    </message>
    <message>
        <source>The prompt is too long for the model: %1 tokens, and it takes at most %2 (%3; %4).</source>
        <translation>プロンプトがこのモデルには長すぎます: %1 トークンですが、上限は %2 トークンです (%3、%4)。</translation>
    </message>
    <message>
        <source>The prompt is too long for the model (%1; %2)</source>
        <translation>プロンプトがこのモデルには長すぎます (%1、%2)</translation>
    </message>
    <message>
        <source>Shorten the prompt or the conversation (drop earlier turns or attachments), or choose a model with a longer context.</source>
        <translation>プロンプトや会話を短くする (以前のターンや添付ファイルを削除する) か、コンテキストの長いモデルを選択してください。</translation>
    </message>
    <message>
        <source>Mantle is limiting requests (%1; %2)</source>
        <translation>Mantle がリクエストを制限しています (%1、%2)</translation>
    </message>
    <message>
        <source>Try again in %1 s (as Mantle asked). Each endpoint has its own quotas; if this keeps happening, ask for more in Service Quotas.</source>
        <translation>%1 秒後にもう一度お試しください (Mantle の指示どおり)。クォータはエンドポイントごとにあります。繰り返し発生する場合は、Service Quotas で引き上げを申請してください。</translation>
    </message>
    <message>
        <source>Wait a moment and try again. Each endpoint has its own quotas; if this keeps happening, ask for more in Service Quotas.</source>
        <translation>しばらく待ってからもう一度お試しください。クォータはエンドポイントごとにあります。繰り返し発生する場合は、Service Quotas で引き上げを申請してください。</translation>
    </message>
    <message>
        <source>The model is overloaded (%1; %2)</source>
        <translation>モデルが過負荷状態です (%1、%2)</translation>
    </message>
    <message>
        <source>Mantle had a server error (%1; %2)</source>
        <translation>Mantle でサーバーエラーが発生しました (%1、%2)</translation>
    </message>
    <message>
        <source>This is on the server&apos;s side: try again in a moment.</source>
        <translation>サーバー側の問題です: しばらくしてからもう一度お試しください。</translation>
    </message>
    <message>
        <source>This is on the server&apos;s side: try again in a moment. If it keeps happening, give AWS Support the request id %1.</source>
        <translation>サーバー側の問題です: しばらくしてからもう一度お試しください。繰り返し発生する場合は、AWS サポートにリクエスト ID %1 を伝えてください。</translation>
    </message>
    <message>
        <source>Mantle did not accept the credentials (%1; %2)</source>
        <translation>Mantle が認証情報を受け付けませんでした (%1、%2)</translation>
    </message>
    <message>
        <source>Check the account&apos;s access key id and secret access key, and that requests are signed for bedrock-mantle in %1.</source>
        <translation>アカウントのアクセスキー ID とシークレットアクセスキーを確認し、リクエストが %1 の bedrock-mantle 用に署名されているか確認してください。</translation>
    </message>
    <message>
        <source>Mantle rejected the request (%1; %2)</source>
        <translation>Mantle がリクエストを拒否しました (%1、%2)</translation>
    </message>
    <message>
        <source>Check the request&apos;s parameters against the %1 API.</source>
        <translation>リクエストのパラメーターを %1 API の仕様と照らし合わせて確認してください。</translation>
    </message>
    <message>
        <source>Correct what the server&apos;s message names, then send the request again.</source>
        <translation>サーバーのメッセージが示す箇所を修正して、リクエストをもう一度送信してください。</translation>
    </message>
    <message>
        <source>Mantle answered with an error and an empty body (%1; %2).</source>
        <translation>Mantle が空の本文でエラーを返しました (%1、%2)。</translation>
    </message>
    <message>
        <source>Mantle answered with an error (%1; %2)</source>
        <translation>Mantle がエラーを返しました (%1、%2)</translation>
    </message>
    <message>
        <source>If it keeps happening, give AWS Support the request id %1.</source>
        <translation>繰り返し発生する場合は、AWS サポートにリクエスト ID %1 を伝えてください。</translation>
    </message>
</context>
<context>
    <name>mantle::api::JsonValueReader</name>
    <message>
        <source>The answer is not valid JSON (%1 at byte %2).</source>
        <translation>応答が有効な JSON ではありません (バイト %2 で %1)。</translation>
    </message>
    <message>
        <source>The answer is JSON but not an object, as an answer body is.</source>
        <translation>応答は JSON ですが、応答本文に必要なオブジェクトではありません。</translation>
    </message>
</context>
<context>
    <name>mantle::api::RequestSpec</name>
    <message>
        <source>The request field &quot;%1&quot; is invalid: expected %2.</source>
        <translation>リクエストのフィールド &quot;%1&quot; が無効です: %2 である必要があります。</translation>
    </message>
    <message>
        <source>Correct or remove the field and try again.</source>
        <translation>フィールドを修正または削除して、もう一度お試しください。</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>文字列</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true または false</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数値</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>a JSON object</source>
        <translation>JSON オブジェクト</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>リスト</translation>
    </message>
    <message>
        <source>one of %1</source>
        <translation>%1 のいずれか</translation>
    </message>
    <message>
        <source>&quot;user&quot;, &quot;assistant&quot; or &quot;tool&quot;</source>
        <translation>&quot;user&quot;、&quot;assistant&quot;、&quot;tool&quot; のいずれか</translation>
    </message>
    <message>
        <source>The request field &quot;%1&quot; is invalid: %2</source>
        <translation>リクエストのフィールド &quot;%1&quot; が無効です: %2</translation>
    </message>
    <message>
        <source>the %1 API has no such setting.</source>
        <translation>%1 API にはこの設定はありません。</translation>
    </message>
    <message>
        <source>Remove the setting or choose an API that supports it.</source>
        <translation>設定を削除するか、それをサポートする API を選択してください。</translation>
    </message>
    <message>
        <source>a user message needs text.</source>
        <translation>ユーザーメッセージにはテキストが必要です。</translation>
    </message>
    <message>
        <source>an assistant message needs text or tool calls.</source>
        <translation>アシスタントメッセージにはテキストまたはツール呼び出しが必要です。</translation>
    </message>
    <message>
        <source>a tool call needs an id.</source>
        <translation>ツール呼び出しには ID が必要です。</translation>
    </message>
    <message>
        <source>a tool call needs a name.</source>
        <translation>ツール呼び出しには名前が必要です。</translation>
    </message>
    <message>
        <source>a tool result must name the tool call it answers.</source>
        <translation>ツールの結果には、応答先のツール呼び出しを指定する必要があります。</translation>
    </message>
    <message>
        <source>only assistant messages carry tool calls.</source>
        <translation>ツール呼び出しを含められるのはアシスタントメッセージだけです。</translation>
    </message>
    <message>
        <source>only tool messages answer a tool call.</source>
        <translation>ツール呼び出しに応答できるのはツールメッセージだけです。</translation>
    </message>
    <message>
        <source>%1 requests are not built from a conversation.</source>
        <translation>%1 リクエストは会話から作成されません。</translation>
    </message>
    <message>
        <source>no model is chosen.</source>
        <translation>モデルが選択されていません。</translation>
    </message>
    <message>
        <source>Choose a model, e.g. from the model list.</source>
        <translation>モデル一覧などからモデルを選択してください。</translation>
    </message>
    <message>
        <source>the conversation is empty.</source>
        <translation>会話が空です。</translation>
    </message>
    <message>
        <source>Write a message to send.</source>
        <translation>送信するメッセージを入力してください。</translation>
    </message>
    <message>
        <source>it must lie between 0 and %1.</source>
        <translation>0〜%1 の範囲で指定してください。</translation>
    </message>
    <message>
        <source>it must lie between 0 and 1.</source>
        <translation>0〜1 の範囲で指定してください。</translation>
    </message>
    <message>
        <source>it must be at least 1.</source>
        <translation>1 以上で指定してください。</translation>
    </message>
    <message>
        <source>a stop sequence cannot be empty.</source>
        <translation>停止シーケンスを空にすることはできません。</translation>
    </message>
    <message>
        <source>a tool needs a name of 1 to 64 letters, digits, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>ツール名は、英字、数字、「_」、「-」で 1〜64 文字にしてください。</translation>
    </message>
    <message>
        <source>the tool name &quot;%1&quot; is used twice.</source>
        <translation>ツール名 &quot;%1&quot; が重複しています。</translation>
    </message>
    <message>
        <source>the parameters schema must have &quot;type&quot;: &quot;object&quot;.</source>
        <translation>パラメーターのスキーマには &quot;type&quot;: &quot;object&quot; が必要です。</translation>
    </message>
    <message>
        <source>no tools are defined.</source>
        <translation>ツールが定義されていません。</translation>
    </message>
    <message>
        <source>Define a tool or remove the tool choice.</source>
        <translation>ツールを定義するか、ツールの選択を解除してください。</translation>
    </message>
    <message>
        <source>no tool named &quot;%1&quot; is defined.</source>
        <translation>&quot;%1&quot; という名前のツールは定義されていません。</translation>
    </message>
    <message>
        <source>a name is only given with the &quot;function&quot; mode.</source>
        <translation>名前を指定できるのは &quot;function&quot; モードの場合だけです。</translation>
    </message>
    <message>
        <source>Claude cannot be forced to call a tool while thinking.</source>
        <translation>思考中の Claude にツールの呼び出しを強制することはできません。</translation>
    </message>
    <message>
        <source>Use &quot;auto&quot; or turn thinking off.</source>
        <translation>&quot;auto&quot; を使用するか、思考をオフにしてください。</translation>
    </message>
    <message>
        <source>a schema needs a name of 1 to 64 letters, digits, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>スキーマ名は、英字、数字、「_」、「-」で 1〜64 文字にしてください。</translation>
    </message>
    <message>
        <source>the schema must have &quot;type&quot;: &quot;object&quot;.</source>
        <translation>スキーマには &quot;type&quot;: &quot;object&quot; が必要です。</translation>
    </message>
    <message>
        <source>a tool is already named &quot;%1&quot;.</source>
        <translation>&quot;%1&quot; という名前のツールがすでにあります。</translation>
    </message>
    <message>
        <source>with a schema, Messages must be forced to the schema&apos;s tool.</source>
        <translation>スキーマを使用する場合、Messages ではスキーマのツールを強制する必要があります。</translation>
    </message>
    <message>
        <source>Remove the tool choice or the schema.</source>
        <translation>ツールの選択かスキーマのどちらかを削除してください。</translation>
    </message>
    <message>
        <source>Claude cannot follow a schema while thinking.</source>
        <translation>思考中の Claude はスキーマに従うことができません。</translation>
    </message>
    <message>
        <source>Turn thinking off or remove the schema.</source>
        <translation>思考をオフにするか、スキーマを削除してください。</translation>
    </message>
    <message>
        <source>a background response must be stored.</source>
        <translation>バックグラウンドのレスポンスは保存する必要があります。</translation>
    </message>
    <message>
        <source>Allow storing the response or turn background off.</source>
        <translation>レスポンスの保存を許可するか、バックグラウンドをオフにしてください。</translation>
    </message>
</context>
<context>
    <name>mantle::api::StreamAccumulator</name>
    <message>
        <source>The stream ended before its final event: the answer may be cut short. Try the request again.</source>
        <translation>ストリームが最終イベントの前に終了しました: 応答が途中で切れている可能性があります。リクエストをもう一度お試しください。</translation>
    </message>
    <message>
        <source>A “%1” event of the stream is not valid JSON (%2) and was skipped; the answer may be incomplete.</source>
        <translation>ストリームの「%1」イベントが有効な JSON ではない (%2) ため、スキップしました。応答が不完全な可能性があります。</translation>
    </message>
</context>
<context>
    <name>mantle::api::ToolDefinitionJson</name>
    <message>
        <source>%1: item %2 is not a JSON object.</source>
        <translation>%1: 項目 %2 が JSON オブジェクトではありません。</translation>
    </message>
    <message>
        <source>%1: the description of item %2 is not a JSON string.</source>
        <translation>%1: 項目 %2 の説明が JSON 文字列ではありません。</translation>
    </message>
    <message>
        <source>%1: the %2 of item %3 is not a JSON object.</source>
        <translation>%1: 項目 %3 の %2 が JSON オブジェクトではありません。</translation>
    </message>
    <message>
        <source>%1: the name of item %2 is not a JSON string.</source>
        <translation>%1: 項目 %2 の名前が JSON 文字列ではありません。</translation>
    </message>
    <message>
        <source>%1: item %2 has no name.</source>
        <translation>%1: 項目 %2 に名前がありません。</translation>
    </message>
    <message>
        <source>%1: not JSON (%2 at line %3, column %4).</source>
        <translation>%1: JSON ではありません (%3 行 %4 列で %2)。</translation>
    </message>
    <message>
        <source>%1: expected a JSON array of tools, or an object with a &quot;tools&quot; array.</source>
        <translation>%1: ツールの JSON 配列、または &quot;tools&quot; 配列を持つオブジェクトである必要があります。</translation>
    </message>
</context>
<context>
    <name>mantle::api::TurnReader</name>
    <message>
        <source>The %1 API does not answer with a model turn.</source>
        <translation>%1 API はモデルのターンで応答しません。</translation>
    </message>
</context>
<context>
    <name>mantle::api::chat::ChatRequestBuilder</name>
    <message>
        <source>A %1 request cannot be built as a Chat Completions request.</source>
        <translation>%1 リクエストを Chat Completions リクエストとして作成することはできません。</translation>
    </message>
</context>
<context>
    <name>mantle::api::messages::MessagesRequestBuilder</name>
    <message>
        <source>The request field &quot;%1&quot; is invalid: the arguments of a Claude tool call must be a JSON object.</source>
        <translation>リクエストのフィールド &quot;%1&quot; が無効です: Claude のツール呼び出しの引数は JSON オブジェクトである必要があります。</translation>
    </message>
    <message>
        <source>A %1 request cannot be built as a Messages request.</source>
        <translation>%1 リクエストを Messages リクエストとして作成することはできません。</translation>
    </message>
</context>
<context>
    <name>mantle::api::messages::MessagesResponseParser</name>
    <message>
        <source>The answer is not a readable Messages body (%1).</source>
        <translation>応答が読み取り可能な Messages の本文ではありません (%1)。</translation>
    </message>
</context>
<context>
    <name>mantle::api::responses::ResponsesRequestBuilder</name>
    <message>
        <source>A %1 request cannot be built as a Responses request.</source>
        <translation>%1 リクエストを Responses リクエストとして作成することはできません。</translation>
    </message>
    <message>
        <source>“%1” is not a response id.</source>
        <translation>「%1」はレスポンス ID ではありません。</translation>
    </message>
    <message>
        <source>Response ids look like resp_ followed by letters and digits, as the answer of a Responses request gives them.</source>
        <translation>レスポンス ID は、Responses リクエストの応答で返されるとおり、resp_ の後に英字と数字が続く形式です。</translation>
    </message>
</context>
<context>
    <name>mantle::api::responses::ResponsesResponseParser</name>
    <message>
        <source>The response failed and the server gave no reason.</source>
        <translation>レスポンスが失敗しましたが、サーバーは理由を返しませんでした。</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AssumeRoleCredentialProvider</name>
    <message>
        <source>The credentials for the role %1 cannot be renewed: its STS client or source credentials are gone.</source>
        <translation>ロール %1 の認証情報を更新できません: STS クライアントまたはソース認証情報がなくなっています。</translation>
    </message>
    <message>
        <source>The credentials for the role %1 cannot be renewed: its STS client is gone.</source>
        <translation>ロール %1 の認証情報を更新できません: STS クライアントがなくなっています。</translation>
    </message>
    <message>
        <source>STS gave credentials for the role %1 that had expired already, at %2.</source>
        <translation>STS がロール %1 に対して返した認証情報は、すでに %2 に有効期限が切れていました。</translation>
    </message>
    <message>
        <source>Check that this computer&apos;s clock is set to the correct time.</source>
        <translation>このコンピューターの時計が正しい時刻に設定されているか確認してください。</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AssumeRoleParameters</name>
    <message>
        <source>“%1”</source>
        <translation>「%1」</translation>
    </message>
    <message>
        <source>Give the ARN of the role to assume, as the IAM console shows it on the role&apos;s page, for example %1.</source>
        <translation>引き受けるロールの ARN を、IAM コンソールのロールのページに表示されるとおりに指定してください (例: %1)。</translation>
    </message>
    <message>
        <source>The role ARN is empty.</source>
        <translation>ロール ARN が空です。</translation>
    </message>
    <message>
        <source>“%1” is the ARN of a role session, not of a role.</source>
        <translation>「%1」はロールではなく、ロールセッションの ARN です。</translation>
    </message>
    <message>
        <source>“%1” is not the ARN of an IAM role.</source>
        <translation>「%1」は IAM ロールの ARN ではありません。</translation>
    </message>
    <message>
        <source>Use 2 to 64 characters: letters, digits and + = , . @ _ -.</source>
        <translation>2〜64 文字の英字、数字、および + = , . @ _ - を使用してください。</translation>
    </message>
    <message numerus="yes">
        <source>The role session name has %n character(s).</source>
        <translation>
            <numerusform>ロールセッション名は %n 文字です。</numerusform>
        </translation>
    </message>
    <message>
        <source>The role session name contains %1, which STS does not allow.</source>
        <translation>ロールセッション名に STS で使用できない %1 が含まれています。</translation>
    </message>
    <message>
        <source>Use the external ID exactly as the role&apos;s owner gave it: 2 to 1224 characters of letters, digits and + = , . @ : / _ -.</source>
        <translation>外部 ID は、ロールの所有者から伝えられたとおりに正確に使用してください: 英字、数字、および + = , . @ : / _ - からなる 2〜1224 文字です。</translation>
    </message>
    <message numerus="yes">
        <source>The external ID has %n character(s).</source>
        <translation>
            <numerusform>外部 ID は %n 文字です。</numerusform>
        </translation>
    </message>
    <message>
        <source>The external ID contains %1 at position %2, which STS does not allow.</source>
        <translation>外部 ID の %2 文字目に STS で使用できない %1 が含まれています。</translation>
    </message>
    <message>
        <source>The session duration of %1 seconds is outside the range STS accepts, %2 to %3 seconds (15 minutes to 12 hours).</source>
        <translation>セッション時間 %1 秒は、STS が受け付ける範囲 (%2〜%3 秒、15 分〜12 時間) の外にあります。</translation>
    </message>
    <message>
        <source>Choose a duration in that range. The role&apos;s own maximum may be lower: one hour unless its owner raised it, and always one hour when a role assumes a role.</source>
        <translation>この範囲内で時間を選択してください。ロール自体の最大値はこれより短い場合があります: 所有者が引き上げていない限り 1 時間で、ロールがロールを引き受ける場合は常に 1 時間です。</translation>
    </message>
    <message>
        <source>Give a region code such as us-east-1.</source>
        <translation>us-east-1 のようなリージョンコードを指定してください。</translation>
    </message>
    <message>
        <source>No region is set for STS.</source>
        <translation>STS のリージョンが設定されていません。</translation>
    </message>
    <message>
        <source>“%1” is not an AWS region code.</source>
        <translation>「%1」は AWS のリージョンコードではありません。</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AwsConfigFile</name>
    <message>
        <source>More lines from this one on (%1 in all) also have problems and were ignored; fix the ones reported above first.</source>
        <translation>この行以降の行 (全部で %1 行) にも問題があり、無視されました。まず上に報告された問題を修正してください。</translation>
    </message>
    <message>
        <source>This line is not valid UTF-8 text and is ignored. Save the file as UTF-8.</source>
        <translation>この行は有効な UTF-8 テキストではないため、無視されます。ファイルを UTF-8 で保存してください。</translation>
    </message>
    <message>
        <source>This section header has no closing “]”; it and the settings under it are ignored.</source>
        <translation>このセクションヘッダーには閉じる「]」がありません。このヘッダーとその下の設定は無視されます。</translation>
    </message>
    <message>
        <source>This section header has text after its closing “]”; it and the settings under it are ignored.</source>
        <translation>このセクションヘッダーには閉じる「]」の後にテキストがあります。このヘッダーとその下の設定は無視されます。</translation>
    </message>
    <message>
        <source>This section header is empty; it and the settings under it are ignored. Write [default] or [profile NAME].</source>
        <translation>このセクションヘッダーは空です。このヘッダーとその下の設定は無視されます。[default] または [profile NAME] と記述してください。</translation>
    </message>
    <message>
        <source>This [profile] header has no profile name; it and the settings under it are ignored. Write [profile NAME].</source>
        <translation>この [profile] ヘッダーにはプロファイル名がありません。このヘッダーとその下の設定は無視されます。[profile NAME] と記述してください。</translation>
    </message>
    <message>
        <source>This profile name contains a space, which profile names cannot hold; the section and the settings under it are ignored.</source>
        <translation>このプロファイル名には、プロファイル名に使用できない空白が含まれています。このセクションとその下の設定は無視されます。</translation>
    </message>
    <message>
        <source>The setting “%1” comes before any section header, so it belongs to no profile and is ignored. Put it under [default] or [profile NAME].</source>
        <translation>設定「%1」はどのセクションヘッダーよりも前にあるため、どのプロファイルにも属さず、無視されます。[default] または [profile NAME] の下に移動してください。</translation>
    </message>
    <message>
        <source>This setting comes before any section header, so it belongs to no profile and is ignored. Put it under [default] or [profile NAME].</source>
        <translation>この設定はどのセクションヘッダーよりも前にあるため、どのプロファイルにも属さず、無視されます。[default] または [profile NAME] の下に移動してください。</translation>
    </message>
    <message>
        <source>This line is not a “key = value” setting, a [section] header or a comment, and is ignored.</source>
        <translation>この行は「key = value」形式の設定でも、[section] ヘッダーでも、コメントでもないため、無視されます。</translation>
    </message>
    <message>
        <source>This line has “=” but no key before it, and is ignored.</source>
        <translation>この行には「=」がありますが、その前にキーがないため、無視されます。</translation>
    </message>
    <message>
        <source>This line is indented more than the setting “%1” on line %2, so it would continue that value over several lines, which is not supported; it is ignored. Remove the indentation.</source>
        <translation>この行は %2 行目の設定「%1」よりも深くインデントされているため、その値を複数行に継続することになりますが、これはサポートされていません。この行は無視されます。インデントを削除してください。</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(名前なし)</translation>
    </message>
    <message>
        <source>This line among the nested settings of “%1” is not a “key = value” setting and is ignored.</source>
        <translation>「%1」のネストされた設定内のこの行は「key = value」形式の設定ではないため、無視されます。</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AwsEnvironment</name>
    <message>
        <source>An access key ID is one word of letters and digits, such as AKIAIOSFODNN7EXAMPLE; check for a copy-and-paste mistake.</source>
        <translation>アクセスキー ID は、AKIAIOSFODNN7EXAMPLE のように英字と数字だけからなる 1 語です。コピー＆ペーストの誤りがないか確認してください。</translation>
    </message>
    <message>
        <source>%1 contains a blank or a line break.</source>
        <translation>%1 に空白または改行が含まれています。</translation>
    </message>
    <message>
        <source>%1 contains quotation marks.</source>
        <translation>%1 に引用符が含まれています。</translation>
    </message>
    <message>
        <source>Remove the quotes: they are not part of the key ID.</source>
        <translation>引用符を削除してください: 引用符はキー ID の一部ではありません。</translation>
    </message>
    <message>
        <source>%1 contains “/” or “+”, which access key IDs never hold.</source>
        <translation>%1 に、アクセスキー ID には決して含まれない「/」または「+」が含まれています。</translation>
    </message>
    <message>
        <source>It may be the secret access key: check that the key ID and the secret were not swapped.</source>
        <translation>シークレットアクセスキーの可能性があります: キー ID とシークレットを取り違えていないか確認してください。</translation>
    </message>
    <message>
        <source>%1 contains characters other than the letters A to Z and the digits 0 to 9.</source>
        <translation>%1 に A〜Z の英字と 0〜9 の数字以外の文字が含まれています。</translation>
    </message>
    <message>
        <source>%1 is too short to be an access key ID.</source>
        <translation>%1 はアクセスキー ID としては短すぎます。</translation>
    </message>
    <message>
        <source>AWS access key IDs are 16 to 128 characters long.</source>
        <translation>AWS のアクセスキー ID は 16〜128 文字です。</translation>
    </message>
    <message>
        <source>%1 is too long to be an access key ID.</source>
        <translation>%1 はアクセスキー ID としては長すぎます。</translation>
    </message>
    <message>
        <source>Check for a copy-and-paste mistake: secrets are one word.</source>
        <translation>コピー＆ペーストの誤りがないか確認してください: シークレットは 1 語です。</translation>
    </message>
    <message>
        <source>%1 contains a line break, a tab or another invisible character.</source>
        <translation>%1 に改行、タブ、またはその他の不可視文字が含まれています。</translation>
    </message>
    <message>
        <source>%1 contains a blank.</source>
        <translation>%1 に空白が含まれています。</translation>
    </message>
    <message>
        <source>%1 is wrapped in quotation marks.</source>
        <translation>%1 が引用符で囲まれています。</translation>
    </message>
    <message>
        <source>Remove the quotes: they are not part of the secret.</source>
        <translation>引用符を削除してください: 引用符はシークレットの一部ではありません。</translation>
    </message>
    <message>
        <source>%1 is set but %2 is not.</source>
        <translation>%1 は設定されていますが、%2 は設定されていません。</translation>
    </message>
    <message>
        <source>Set both variables, or neither.</source>
        <translation>両方の変数を設定するか、どちらも設定しないでください。</translation>
    </message>
    <message>
        <source>%1 is set but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not.</source>
        <translation>%1 は設定されていますが、AWS_ACCESS_KEY_ID と AWS_SECRET_ACCESS_KEY は設定されていません。</translation>
    </message>
    <message>
        <source>A session token belongs to temporary keys: set all three variables, or unset %1.</source>
        <translation>セッショントークンは一時的なキーに属するものです: 3 つの変数をすべて設定するか、%1 の設定を解除してください。</translation>
    </message>
    <message>
        <source>%1 is not an ISO 8601 date and time.</source>
        <translation>%1 は ISO 8601 形式の日時ではありません。</translation>
    </message>
    <message>
        <source>Write it like 2025-01-31T12:00:00Z, or unset it.</source>
        <translation>2025-01-31T12:00:00Z のように記述するか、設定を解除してください。</translation>
    </message>
    <message>
        <source>%1 starts with “Bearer ”.</source>
        <translation>%1 が「Bearer 」で始まっています。</translation>
    </message>
    <message>
        <source>Set it to the API key alone; the word Bearer is added when the request is sent.</source>
        <translation>API キーだけを設定してください。Bearer という語はリクエストの送信時に追加されます。</translation>
    </message>
    <message>
        <source>%1 contains a line break or another control character.</source>
        <translation>%1 に改行またはその他の制御文字が含まれています。</translation>
    </message>
    <message>
        <source>Set it to the name of a profile in your AWS config files.</source>
        <translation>AWS 設定ファイル内のプロファイル名を設定してください。</translation>
    </message>
    <message>
        <source>Remove the quotes: they are not part of the profile name.</source>
        <translation>引用符を削除してください: 引用符はプロファイル名の一部ではありません。</translation>
    </message>
    <message>
        <source>%1 is not an AWS region code.</source>
        <translation>%1 は AWS のリージョンコードではありません。</translation>
    </message>
    <message>
        <source>Set it to a region code such as us-east-1 (not a region&apos;s name, and not an Availability Zone such as us-east-1a).</source>
        <translation>us-east-1 のようなリージョンコードを設定してください (リージョン名や、us-east-1a のようなアベイラビリティーゾーンではありません)。</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AwsProfileResolver</name>
    <message>
        <source>“%1”</source>
        <translation>「%1」</translation>
    </message>
    <message>
        <source>the config file</source>
        <translation>config ファイル</translation>
    </message>
    <message>
        <source>the credentials file</source>
        <translation>credentials ファイル</translation>
    </message>
    <message>
        <source>Mantle Playground cannot get credentials this way yet. Run “aws configure export-credentials --profile %1 --format env” and use the variables it prints, or give the profile access keys.</source>
        <translation>Mantle Playground はまだこの方法で認証情報を取得できません。「aws configure export-credentials --profile %1 --format env」を実行して表示された変数を使用するか、プロファイルにアクセスキーを設定してください。</translation>
    </message>
    <message>
        <source>%1 is a folder, not an AWS configuration file.</source>
        <translation>%1 はフォルダーであり、AWS 設定ファイルではありません。</translation>
    </message>
    <message>
        <source>Point AWS_CONFIG_FILE or AWS_SHARED_CREDENTIALS_FILE at a file.</source>
        <translation>AWS_CONFIG_FILE または AWS_SHARED_CREDENTIALS_FILE でファイルを指定してください。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation>%1 を読み込めません: %2。</translation>
    </message>
    <message>
        <source>Check that your user may read the file.</source>
        <translation>ユーザーにファイルの読み取り権限があるか確認してください。</translation>
    </message>
    <message>
        <source>%1 is larger than 1 MiB, too large to be an AWS configuration file.</source>
        <translation>%1 は 1 MiB を超えており、AWS 設定ファイルとしては大きすぎます。</translation>
    </message>
    <message>
        <source>Check AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE.</source>
        <translation>AWS_CONFIG_FILE と AWS_SHARED_CREDENTIALS_FILE を確認してください。</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>%1 行目</translation>
    </message>
    <message>
        <source>%1, line %2</source>
        <translation>%1、%2 行目</translation>
    </message>
    <message>
        <source>%1 has a section [%2] on line %3, but in that file a profile&apos;s header is written [profile %2].</source>
        <translation>%1 の %3 行目にセクション [%2] がありますが、このファイルではプロファイルのヘッダーは [profile %2] と記述します。</translation>
    </message>
    <message>
        <source>Check the name; the profiles defined are: %1.</source>
        <translation>名前を確認してください。定義されているプロファイル: %1。</translation>
    </message>
    <message>
        <source>Neither file defines a profile yet; run “aws configure --profile %1” to add one.</source>
        <translation>どちらのファイルにもまだプロファイルが定義されていません。「aws configure --profile %1」を実行して追加してください。</translation>
    </message>
    <message>
        <source>The AWS profile “%1” does not exist in %2 or %3.</source>
        <translation>AWS プロファイル「%1」は %2 にも %3 にも存在しません。</translation>
    </message>
    <message>
        <source>duration_seconds of the profile “%1” (%2) is not a whole number of seconds from %3 to %4.</source>
        <translation>プロファイル「%1」(%2) の duration_seconds が、%3〜%4 の整数の秒数ではありません。</translation>
    </message>
    <message>
        <source>Use 3600 for one hour, or remove the setting.</source>
        <translation>1 時間なら 3600 を使用するか、この設定を削除してください。</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) assumes its role with a web identity token (web_identity_token_file), which is not supported yet.</source>
        <translation>プロファイル「%1」(%2) は Web ID トークン (web_identity_token_file) でロールを引き受けますが、これはまだサポートされていません。</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) has role_arn but neither source_profile nor credential_source.</source>
        <translation>プロファイル「%1」(%2) には role_arn がありますが、source_profile も credential_source もありません。</translation>
    </message>
    <message>
        <source>Add source_profile = NAME, the profile whose keys assume the role, or credential_source = Environment.</source>
        <translation>ロールを引き受けるキーを持つプロファイルを source_profile = NAME で指定するか、credential_source = Environment を追加してください。</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) has both source_profile and credential_source.</source>
        <translation>プロファイル「%1」(%2) に source_profile と credential_source の両方があります。</translation>
    </message>
    <message>
        <source>Keep only one of them.</source>
        <translation>どちらか一方だけにしてください。</translation>
    </message>
    <message>
        <source>The role_arn of the profile “%1” (%2) is not an ARN.</source>
        <translation>プロファイル「%1」(%2) の role_arn が ARN ではありません。</translation>
    </message>
    <message>
        <source>Write it like arn:aws:iam::123456789012:role/NAME.</source>
        <translation>arn:aws:iam::123456789012:role/NAME のように記述してください。</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) takes its credentials from the environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set.</source>
        <translation>プロファイル「%1」(%2) は環境変数から認証情報を取得しますが、AWS_ACCESS_KEY_ID と AWS_SECRET_ACCESS_KEY が設定されていません。</translation>
    </message>
    <message>
        <source>Set both variables, or change credential_source.</source>
        <translation>両方の変数を設定するか、credential_source を変更してください。</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) takes its credentials from %3, which is not supported yet.</source>
        <translation>プロファイル「%1」(%2) は %3 から認証情報を取得しますが、これはまだサポートされていません。</translation>
    </message>
    <message>
        <source>The credential_source of the profile “%1” (%2) is not one the AWS CLI knows.</source>
        <translation>プロファイル「%1」(%2) の credential_source は AWS CLI が認識する値ではありません。</translation>
    </message>
    <message>
        <source>Use Environment, Ec2InstanceMetadata or EcsContainer (spelled with these capitals).</source>
        <translation>Environment、Ec2InstanceMetadata、EcsContainer のいずれかを (この大文字・小文字のとおりに) 使用してください。</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) names source_profile “%3”, which does not exist in %4 or %5.</source>
        <translation>プロファイル「%1」(%2) が source_profile として「%3」を指定していますが、これは %4 にも %5 にも存在しません。</translation>
    </message>
    <message>
        <source>The profiles %1 name each other as source_profile in a loop (%2).</source>
        <translation>プロファイル %1 が source_profile として互いを参照し、ループになっています (%2)。</translation>
    </message>
    <message>
        <source>Give one profile of the chain aws_access_key_id and aws_secret_access_key, or credential_source.</source>
        <translation>チェーン内のいずれかのプロファイルに aws_access_key_id と aws_secret_access_key、または credential_source を設定してください。</translation>
    </message>
    <message>
        <source>%1; the source_profile of “%2”</source>
        <translation>%1。「%2」の source_profile</translation>
    </message>
    <message>
        <source>The profile %1 (%2) signs in with IAM Identity Center (%3), which is not supported yet.</source>
        <translation>プロファイル %1 (%2) は IAM Identity Center (%3) でサインインしますが、これはまだサポートされていません。</translation>
    </message>
    <message>
        <source>The profile %1 (%2) has %3 but no %4.</source>
        <translation>プロファイル %1 (%2) には %3 がありますが、%4 がありません。</translation>
    </message>
    <message>
        <source>Add %1 next to %2, or remove both.</source>
        <translation>%2 と一緒に %1 を追加するか、両方を削除してください。</translation>
    </message>
    <message>
        <source>%1 of the profile “%2” (%3)</source>
        <translation>プロファイル「%2」(%3) の %1</translation>
    </message>
    <message>
        <source>The profile %1 (%2) gets its credentials from an external program (credential_process), which is not supported yet.</source>
        <translation>プロファイル %1 (%2) は外部プログラム (credential_process) から認証情報を取得しますが、これはまだサポートされていません。</translation>
    </message>
    <message>
        <source>The profile %1 (%2) has credential_source but no role_arn.</source>
        <translation>プロファイル %1 (%2) には credential_source がありますが、role_arn がありません。</translation>
    </message>
    <message>
        <source>credential_source only says which credentials assume role_arn; add role_arn, or give the profile access keys.</source>
        <translation>credential_source は role_arn を引き受ける認証情報を指定するだけです。role_arn を追加するか、プロファイルにアクセスキーを設定してください。</translation>
    </message>
    <message>
        <source>The profile %1 (%2) holds no credentials.</source>
        <translation>プロファイル %1 (%2) には認証情報がありません。</translation>
    </message>
    <message>
        <source>Add aws_access_key_id and aws_secret_access_key to [%1] in %2, or role_arn and source_profile to it in %3.</source>
        <translation>%2 の [%1] に aws_access_key_id と aws_secret_access_key を追加するか、%3 の同じセクションに role_arn と source_profile を追加してください。</translation>
    </message>
    <message>
        <source>The key “%1” is ignored because keys are case-sensitive; write it as “%2”.</source>
        <translation>キーは大文字と小文字が区別されるため、キー「%1」は無視されます。「%2」と記述してください。</translation>
    </message>
</context>
<context>
    <name>mantle::aws::BedrockToken</name>
    <message>
        <source>This is not a short-term Bedrock API key: %1</source>
        <translation>短期 Bedrock API キーではありません: %1</translation>
    </message>
    <message>
        <source>A short-term key starts with “bedrock-api-key-” followed by base64; long-term keys (“ABSK…”) cannot be read back.</source>
        <translation>短期キーは「bedrock-api-key-」の後に base64 が続く形式です。長期キー (「ABSK…」) の内容は読み取れません。</translation>
    </message>
    <message>
        <source>A short-term API key needs an access key id and a secret access key.</source>
        <translation>短期 API キーの生成には、アクセスキー ID とシークレットアクセスキーが必要です。</translation>
    </message>
    <message>
        <source>“%1” is not a region code.</source>
        <translation>「%1」はリージョンコードではありません。</translation>
    </message>
    <message>
        <source>Give a region such as us-east-1.</source>
        <translation>us-east-1 のようなリージョンを指定してください。</translation>
    </message>
    <message>
        <source>A short-term API key lives from %1 to %2 seconds, not %3.</source>
        <translation>短期 API キーの有効期間は %1〜%2 秒です (%3 は無効です)。</translation>
    </message>
    <message>
        <source>The credentials have expired.</source>
        <translation>認証情報の有効期限が切れています。</translation>
    </message>
    <message>
        <source>Renew them, then generate the key again.</source>
        <translation>認証情報を更新してから、キーをもう一度生成してください。</translation>
    </message>
    <message>
        <source>it does not start with “bedrock-api-key-”.</source>
        <translation>「bedrock-api-key-」で始まっていません。</translation>
    </message>
    <message>
        <source>nothing follows the prefix.</source>
        <translation>プレフィックスの後に何もありません。</translation>
    </message>
    <message>
        <source>what follows the prefix is not base64.</source>
        <translation>プレフィックスの後が base64 ではありません。</translation>
    </message>
    <message>
        <source>it does not hold a presigned URL.</source>
        <translation>署名付き URL が含まれていません。</translation>
    </message>
    <message>
        <source>its URL has no %1.</source>
        <translation>URL に %1 がありません。</translation>
    </message>
    <message>
        <source>it is not signed with AWS4-HMAC-SHA256.</source>
        <translation>AWS4-HMAC-SHA256 で署名されていません。</translation>
    </message>
    <message>
        <source>its credential scope is malformed.</source>
        <translation>認証情報スコープの形式が正しくありません。</translation>
    </message>
    <message>
        <source>its X-Amz-Date is malformed.</source>
        <translation>X-Amz-Date の形式が正しくありません。</translation>
    </message>
    <message>
        <source>its X-Amz-Expires is not a positive number of seconds.</source>
        <translation>X-Amz-Expires が正の秒数ではありません。</translation>
    </message>
</context>
<context>
    <name>mantle::aws::RequestUrl</name>
    <message>
        <source>Give a full URL such as https://bedrock-mantle.us-east-1.api.aws/v1/models.</source>
        <translation>https://bedrock-mantle.us-east-1.api.aws/v1/models のような完全な URL を指定してください。</translation>
    </message>
    <message>
        <source>“%1” is not a URL: it has no scheme (https://).</source>
        <translation>「%1」は URL ではありません: スキーム (https://) がありません。</translation>
    </message>
    <message>
        <source>“%1” uses the scheme “%2”; only https and http are supported.</source>
        <translation>「%1」はスキーム「%2」を使用しています。サポートされているのは https と http だけです。</translation>
    </message>
    <message>
        <source>“%1” carries a user name or password; credentials never go in a URL.</source>
        <translation>「%1」にユーザー名またはパスワードが含まれています。認証情報を URL に含めることはできません。</translation>
    </message>
    <message>
        <source>“%1” has no valid host name.</source>
        <translation>「%1」に有効なホスト名がありません。</translation>
    </message>
    <message>
        <source>“%1” has an invalid port.</source>
        <translation>「%1」のポートが無効です。</translation>
    </message>
</context>
<context>
    <name>mantle::aws::StaticCredentialProvider</name>
    <message>
        <source>No complete AWS credentials were given: an access key id and a secret access key are needed.</source>
        <translation>AWS 認証情報が不完全です: アクセスキー ID とシークレットアクセスキーが必要です。</translation>
    </message>
    <message>
        <source>Give both the access key id and the secret access key.</source>
        <translation>アクセスキー ID とシークレットアクセスキーの両方を指定してください。</translation>
    </message>
    <message>
        <source>The credentials with the access key id %1 expired at %2.</source>
        <translation>アクセスキー ID %1 の認証情報は %2 に有効期限が切れました。</translation>
    </message>
    <message>
        <source>Give fresh credentials: temporary credentials last 12 hours at most.</source>
        <translation>新しい認証情報を指定してください: 一時的な認証情報の有効期間は最長 12 時間です。</translation>
    </message>
</context>
<context>
    <name>mantle::aws::StsClient</name>
    <message>
        <source>Give the STS endpoint as https://host[:port]/, or http://127.0.0.1:PORT/ for a local test server.</source>
        <translation>STS エンドポイントを https://host[:port]/ の形式で指定してください。ローカルのテストサーバーの場合は http://127.0.0.1:PORT/ です。</translation>
    </message>
    <message>
        <source>“%1” is not a valid STS endpoint URL.</source>
        <translation>「%1」は有効な STS エンドポイント URL ではありません。</translation>
    </message>
    <message>
        <source>The STS endpoint “%1” has a user name, query or fragment; give only the scheme, host, port and path.</source>
        <translation>STS エンドポイント「%1」にユーザー名、クエリ、またはフラグメントが含まれています。スキーム、ホスト、ポート、パスだけを指定してください。</translation>
    </message>
    <message>
        <source>The STS endpoint “%1” uses plain http, which is only allowed for this computer (127.0.0.1, ::1 or localhost).</source>
        <translation>STS エンドポイント「%1」は暗号化されていない http を使用していますが、これはこのコンピューター (127.0.0.1、::1、localhost) に対してのみ許可されています。</translation>
    </message>
    <message>
        <source>Use https: the request carries a session token and the answer carries credentials.</source>
        <translation>https を使用してください: リクエストにはセッショントークンが、応答には認証情報が含まれます。</translation>
    </message>
    <message>
        <source>Could not connect to STS at %1: the connection was refused.</source>
        <translation>%1 の STS に接続できませんでした: 接続が拒否されました。</translation>
    </message>
    <message>
        <source>Check the STS endpoint and that nothing (a firewall, a proxy) blocks it.</source>
        <translation>STS エンドポイントを確認し、ファイアウォールやプロキシなどでブロックされていないか確認してください。</translation>
    </message>
    <message>
        <source>Could not find the STS host of %1.</source>
        <translation>%1 の STS ホストが見つかりませんでした。</translation>
    </message>
    <message>
        <source>Check the region, the network connection and the DNS or proxy settings.</source>
        <translation>リージョン、ネットワーク接続、DNS またはプロキシの設定を確認してください。</translation>
    </message>
    <message numerus="yes">
        <source>STS at %1 did not answer within %n second(s).</source>
        <translation>
            <numerusform>%1 の STS が %n 秒以内に応答しませんでした。</numerusform>
        </translation>
    </message>
    <message>
        <source>Check the network connection and the proxy settings, then try again.</source>
        <translation>ネットワーク接続とプロキシの設定を確認して、もう一度お試しください。</translation>
    </message>
    <message>
        <source>The secure connection to STS at %1 failed: %2</source>
        <translation>%1 の STS へのセキュリティで保護された接続に失敗しました: %2</translation>
    </message>
    <message>
        <source>A proxy that inspects TLS may be in the way, or the system&apos;s certificates may be out of date.</source>
        <translation>TLS を検査するプロキシが間にあるか、システムの証明書が古くなっている可能性があります。</translation>
    </message>
    <message>
        <source>Could not reach STS at %1: %2</source>
        <translation>%1 の STS に到達できませんでした: %2</translation>
    </message>
    <message>
        <source>The source credentials are incomplete: STS needs an access key id and a secret access key.</source>
        <translation>ソース認証情報が不完全です: STS にはアクセスキー ID とシークレットアクセスキーが必要です。</translation>
    </message>
    <message>
        <source>Give the keys of the identity that may assume the role %1.</source>
        <translation>ロール %1 を引き受けることができる ID のキーを指定してください。</translation>
    </message>
    <message>
        <source>The source credentials expired at %1.</source>
        <translation>ソース認証情報は %1 に有効期限が切れました。</translation>
    </message>
    <message>
        <source>Refresh the source credentials, then try again.</source>
        <translation>ソース認証情報を更新して、もう一度お試しください。</translation>
    </message>
    <message numerus="yes">
        <source>The answer from %1 is larger than %n KiB, so it is not an STS answer.</source>
        <translation>
            <numerusform>%1 からの応答が %n KiB を超えているため、STS の応答ではありません。</numerusform>
        </translation>
    </message>
    <message>
        <source>Something other than AWS may have answered, such as a proxy or a captive portal: check the network, the proxy settings and the STS endpoint.</source>
        <translation>プロキシやキャプティブポータルなど、AWS 以外が応答した可能性があります: ネットワーク、プロキシの設定、STS エンドポイントを確認してください。</translation>
    </message>
</context>
<context>
    <name>mantle::aws::StsResponseParser</name>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Something other than AWS may have answered, such as a proxy or a captive portal: check the network, the proxy settings and the STS endpoint.</source>
        <translation>プロキシやキャプティブポータルなど、AWS 以外が応答した可能性があります: ネットワーク、プロキシの設定、STS エンドポイントを確認してください。</translation>
    </message>
    <message>
        <source>STS at %1 answered HTTP %2 with an empty body (content type: %3).</source>
        <translation>%1 の STS が空の本文で HTTP %2 を返しました (コンテンツタイプ: %3)。</translation>
    </message>
    <message>
        <source>The answer from %1 (HTTP %2, content type: %3) is not an STS answer.</source>
        <translation>%1 からの応答 (HTTP %2、コンテンツタイプ: %3) は STS の応答ではありません。</translation>
    </message>
    <message>
        <source>(no message)</source>
        <translation>(メッセージなし)</translation>
    </message>
    <message>
        <source>STS refused to let the source credentials assume the role (AccessDenied): %1</source>
        <translation>STS はソース認証情報によるロールの引き受けを拒否しました (AccessDenied): %1</translation>
    </message>
    <message>
        <source>The source credentials need permission for sts:AssumeRole on %1, the role&apos;s trust policy must allow them, and the external ID must match the trust policy&apos;s sts:ExternalId condition exactly.</source>
        <translation>ソース認証情報には %1 に対する sts:AssumeRole の権限が必要です。また、ロールの信頼ポリシーでそれらを許可し、外部 ID を信頼ポリシーの sts:ExternalId 条件と完全に一致させる必要があります。</translation>
    </message>
    <message>
        <source>The source credentials need permission for sts:AssumeRole on %1, and the role&apos;s trust policy must allow them. If the trust policy requires an external ID (sts:ExternalId), give it.</source>
        <translation>ソース認証情報には %1 に対する sts:AssumeRole の権限が必要です。また、ロールの信頼ポリシーでそれらを許可する必要があります。信頼ポリシーで外部 ID (sts:ExternalId) が必要な場合は、それを指定してください。</translation>
    </message>
    <message>
        <source>The source credentials have expired (ExpiredToken): %1</source>
        <translation>ソース認証情報の有効期限が切れています (ExpiredToken): %1</translation>
    </message>
    <message>
        <source>Refresh the source credentials (sign in again or get a new session token), then try again.</source>
        <translation>ソース認証情報を更新して (再度サインインするか、新しいセッショントークンを取得して)、もう一度お試しください。</translation>
    </message>
    <message>
        <source>AWS does not know the access key id %1 (InvalidClientTokenId): %2</source>
        <translation>AWS はアクセスキー ID %1 を認識していません (InvalidClientTokenId): %2</translation>
    </message>
    <message>
        <source>Check the source access key id: the key may have been deleted or deactivated, belong to another AWS partition, or, for temporary credentials, come with the wrong session token.</source>
        <translation>ソースのアクセスキー ID を確認してください: キーが削除または無効化されている、別の AWS パーティションに属している、または一時的な認証情報の場合にセッショントークンが正しくない可能性があります。</translation>
    </message>
    <message>
        <source>STS rejected the request&apos;s signature (SignatureDoesNotMatch): %1</source>
        <translation>STS がリクエストの署名を拒否しました (SignatureDoesNotMatch): %1</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is off: set it to the correct time and try again.</source>
        <translation>このコンピューターの時計がずれています: 正しい時刻に合わせて、もう一度お試しください。</translation>
    </message>
    <message>
        <source>The secret access key is wrong for the access key id %1: check it (and that no space or line break was copied with it).</source>
        <translation>アクセスキー ID %1 に対するシークレットアクセスキーが正しくありません: 確認してください (空白や改行が一緒にコピーされていないかも確認してください)。</translation>
    </message>
    <message>
        <source>STS is not activated in the region %1 for this account (RegionDisabledException): %2</source>
        <translation>このアカウントのリージョン %1 では STS が有効になっていません (RegionDisabledException): %2</translation>
    </message>
    <message>
        <source>Enable the region in the account&apos;s settings (AWS console, Account, AWS Regions) or use another region.</source>
        <translation>アカウントの設定 (AWS コンソールの「アカウント」→「AWS リージョン」) でリージョンを有効にするか、別のリージョンを使用してください。</translation>
    </message>
    <message>
        <source>STS refused a parameter of the request: %1</source>
        <translation>STS がリクエストのパラメーターを拒否しました: %1</translation>
    </message>
    <message>
        <source>Correct the parameter STS names and try again.</source>
        <translation>STS が指摘したパラメーターを修正して、もう一度お試しください。</translation>
    </message>
    <message>
        <source>STS answered HTTP %1 with the error %2: %3</source>
        <translation>STS が HTTP %1 でエラー %2 を返しました: %3</translation>
    </message>
    <message>
        <source>The AssumeRole answer from %1 (HTTP %2, content type: %3) lacks the fields %4.</source>
        <translation>%1 からの AssumeRole の応答 (HTTP %2、コンテンツタイプ: %3) にフィールド %4 がありません。</translation>
    </message>
    <message>
        <source>The AssumeRole answer from %1 has an expiry that is not an ISO 8601 time: “%2”.</source>
        <translation>%1 からの AssumeRole の応答の有効期限が ISO 8601 形式の時刻ではありません: 「%2」。</translation>
    </message>
</context>
<context>
    <name>mantle::cli::AccountsCommand</name>
    <message>
        <source>Run `mantle accounts --help` for the usage.</source>
        <translation>使い方は `mantle accounts --help` で確認できます。</translation>
    </message>
    <message numerus="yes">
        <source>`%1` takes %n argument(s).</source>
        <translation>
            <numerusform>`%1` の引数は %n 個です。</numerusform>
        </translation>
    </message>
    <message>
        <source>which command? add, list, show, rename, remove, test, policy, export, import, import-aws or import-env.</source>
        <translation>コマンドを指定してください: add、list、show、rename、remove、test、policy、export、import、import-aws、import-env のいずれか。</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>使い方: %1</translation>
    </message>
    <message>
        <source>Secrets are read from stdin: for access-key, the secret access key and,
on a second line, an optional session token; for api-key, the API key.
Without stdin they come from AWS_SECRET_ACCESS_KEY (and
AWS_SESSION_TOKEN) or AWS_BEARER_TOKEN_BEDROCK. They are kept in the
keychain, never in a file. Settings: MANTLE_CONFIG_DIR, else
$XDG_CONFIG_HOME/Mantle Playground.</source>
        <translation>シークレットは標準入力から読み込みます: access-key ではシークレット
アクセスキーと、2 行目に省略可能なセッショントークン、api-key では
API キーです。標準入力がない場合は AWS_SECRET_ACCESS_KEY
(と AWS_SESSION_TOKEN) または AWS_BEARER_TOKEN_BEDROCK から
読み込みます。シークレットはキーチェーンに保存され、ファイルには
保存されません。設定: MANTLE_CONFIG_DIR、なければ
$XDG_CONFIG_HOME/Mantle Playground。</translation>
    </message>
    <message>
        <source>unknown command “%1”.</source>
        <translation>不明なコマンド「%1」です。</translation>
    </message>
    <message>
        <source>give the API key on stdin (or in AWS_BEARER_TOKEN_BEDROCK).</source>
        <translation>API キーを標準入力 (または AWS_BEARER_TOKEN_BEDROCK) で指定してください。</translation>
    </message>
    <message>
        <source>give the secret access key on stdin (or in AWS_SECRET_ACCESS_KEY).</source>
        <translation>シークレットアクセスキーを標準入力 (または AWS_SECRET_ACCESS_KEY) で指定してください。</translation>
    </message>
    <message>
        <source>stdin holds %1 lines; expected at most %2.</source>
        <translation>標準入力が %1 行あります。最大 %2 行です。</translation>
    </message>
    <message>
        <source>The API key</source>
        <translation>API キー</translation>
    </message>
    <message>
        <source>The secret access key</source>
        <translation>シークレットアクセスキー</translation>
    </message>
    <message>
        <source>The session token</source>
        <translation>セッショントークン</translation>
    </message>
    <message>
        <source>A Mantle region.</source>
        <translation>Mantle のリージョン。</translation>
    </message>
    <message>
        <source>access-key, api-key or role.</source>
        <translation>access-key、api-key、role のいずれか。</translation>
    </message>
    <message>
        <source>The access key id.</source>
        <translation>アクセスキー ID。</translation>
    </message>
    <message>
        <source>The role to assume.</source>
        <translation>引き受けるロール。</translation>
    </message>
    <message>
        <source>The access-key account that assumes it.</source>
        <translation>ロールを引き受けるアクセスキーのアカウント。</translation>
    </message>
    <message>
        <source>The AWS profile that assumes it.</source>
        <translation>ロールを引き受ける AWS プロファイル。</translation>
    </message>
    <message>
        <source>The role&apos;s external ID.</source>
        <translation>ロールの外部 ID。</translation>
    </message>
    <message>
        <source>The role session name.</source>
        <translation>ロールセッション名。</translation>
    </message>
    <message>
        <source>The role session&apos;s length, 900 to 43200 s.</source>
        <translation>ロールセッションの長さ (900〜43200 秒)。</translation>
    </message>
    <message>
        <source>An endpoint override (root URL).</source>
        <translation>エンドポイントの上書き (ルート URL)。</translation>
    </message>
    <message>
        <source>Notes.</source>
        <translation>メモ。</translation>
    </message>
    <message>
        <source>--auth takes access-key, api-key or role.</source>
        <translation>--auth には access-key、api-key、role のいずれかを指定します。</translation>
    </message>
    <message>
        <source>--access-key-id is for --auth access-key.</source>
        <translation>--access-key-id は --auth access-key 用です。</translation>
    </message>
    <message>
        <source>--role-arn and the other role flags are for --auth role.</source>
        <translation>--role-arn などのロール用フラグは --auth role 用です。</translation>
    </message>
    <message>
        <source>a role takes one of --source-account and --source-profile.</source>
        <translation>ロールには --source-account と --source-profile のどちらか一方を指定します。</translation>
    </message>
    <message>
        <source>--duration takes a number of seconds.</source>
        <translation>--duration には秒数を指定します。</translation>
    </message>
    <message>
        <source>Added account “%1”.</source>
        <translation>アカウント「%1」を追加しました。</translation>
    </message>
    <message>
        <source>(broken: %1)</source>
        <translation>(破損: %1)</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>auth</source>
        <translation>認証</translation>
    </message>
    <message>
        <source>region</source>
        <translation>リージョン</translation>
    </message>
    <message>
        <source>endpoint</source>
        <translation>エンドポイント</translation>
    </message>
    <message>
        <source>access key id</source>
        <translation>アクセスキー ID</translation>
    </message>
    <message>
        <source>secret access key</source>
        <translation>シークレットアクセスキー</translation>
    </message>
    <message>
        <source>in the keychain</source>
        <translation>キーチェーン内</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API キー</translation>
    </message>
    <message>
        <source>role ARN</source>
        <translation>ロール ARN</translation>
    </message>
    <message>
        <source>external ID</source>
        <translation>外部 ID</translation>
    </message>
    <message>
        <source>session name</source>
        <translation>セッション名</translation>
    </message>
    <message>
        <source>duration</source>
        <translation>期間</translation>
    </message>
    <message>
        <source>source account</source>
        <translation>ソースアカウント</translation>
    </message>
    <message>
        <source>source AWS profile</source>
        <translation>ソース AWS プロファイル</translation>
    </message>
    <message>
        <source>notes</source>
        <translation>メモ</translation>
    </message>
    <message>
        <source>Renamed account “%1” to “%2”.</source>
        <translation>アカウント「%1」の名前を「%2」に変更しました。</translation>
    </message>
    <message>
        <source>Removed account “%1” and its secrets.</source>
        <translation>アカウント「%1」とそのシークレットを削除しました。</translation>
    </message>
    <message>
        <source>The model of the tiny request (default: the first listed Chat Completions model).</source>
        <translation>小さなリクエストに使うモデル (デフォルト: 一覧の最初の Chat Completions モデル)。</translation>
    </message>
    <message>
        <source>Account “%1”: %2 in %3.</source>
        <translation>アカウント「%1」: %2 (%3)。</translation>
    </message>
    <message>
        <source>the IAM principal of account “%1”</source>
        <translation>アカウント「%1」の IAM プリンシパル</translation>
    </message>
    <message>
        <source>the IAM principal of AWS profile “%1”</source>
        <translation>AWS プロファイル「%1」の IAM プリンシパル</translation>
    </message>
    <message>
        <source>note: %1</source>
        <translation>注: %1</translation>
    </message>
    <message>
        <source>fix: %1</source>
        <translation>対処: %1</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>スキップ</translation>
    </message>
    <message>
        <source>Account “%1” works.</source>
        <translation>アカウント「%1」は正常に動作しています。</translation>
    </message>
    <message>
        <source>The AWS account id of the resources (default: the role&apos;s, else *).</source>
        <translation>リソースの AWS アカウント ID (デフォルト: ロールのもの、なければ *)。</translation>
    </message>
    <message>
        <source>Leave out the Marketplace statement for third-party models.</source>
        <translation>サードパーティモデル用の Marketplace ステートメントを省略します。</translation>
    </message>
    <message>
        <source>For a role: the ARN of the principal that assumes it.</source>
        <translation>ロールの場合: ロールを引き受けるプリンシパルの ARN。</translation>
    </message>
    <message>
        <source>--account-id takes a 12-digit AWS account id.</source>
        <translation>--account-id には 12 桁の AWS アカウント ID を指定します。</translation>
    </message>
    <message>
        <source>Exported the settings of “%1” (no secrets).</source>
        <translation>「%1」の設定をエクスポートしました (シークレットは含みません)。</translation>
    </message>
    <message>
        <source>The new account&apos;s name.</source>
        <translation>新しいアカウントの名前。</translation>
    </message>
    <message>
        <source>The accounts&apos; name prefix (default: env).</source>
        <translation>アカウント名のプレフィックス (デフォルト: env)。</translation>
    </message>
    <message>
        <source>The environment holds no AWS credentials to import.</source>
        <translation>環境変数にインポートできる AWS 認証情報がありません。</translation>
    </message>
    <message>
        <source>Add, list, show, remove and test accounts</source>
        <translation>アカウントの追加、一覧表示、表示、削除、テスト</translation>
    </message>
</context>
<context>
    <name>mantle::cli::CompareCommand</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>target</source>
        <translation>ターゲット</translation>
    </message>
    <message>
        <source>TTFT</source>
        <translation>TTFT</translation>
    </message>
    <message>
        <source>tok/s</source>
        <translation>tok/s</translation>
    </message>
    <message>
        <source>total</source>
        <translation>合計</translation>
    </message>
    <message>
        <source>in</source>
        <translation>入力</translation>
    </message>
    <message>
        <source>out</source>
        <translation>出力</translation>
    </message>
    <message>
        <source>cost</source>
        <translation>コスト</translation>
    </message>
    <message>
        <source>error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>Tool call %1: %2 %3</source>
        <translation>ツール呼び出し %1: %2 %3</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失敗: %1</translation>
    </message>
    <message>
        <source>Send one prompt to several models, regions or APIs at once and compare</source>
        <translation>1 つのプロンプトを複数のモデル、リージョン、API に同時に送信して比較します</translation>
    </message>
    <message>
        <source>Run `mantle compare --help` for the options.</source>
        <translation>オプションは `mantle compare --help` で確認できます。</translation>
    </message>
    <message>
        <source>Sends one prompt, with the same system prompt, tools, schema and parameters, to 1 to 6
targets at once and prints each answer under a header, then a table: time to first
token, tokens per second, total time, input and output tokens, cost and error. A
target is comma-separated key=value items: api (chat, responses or messages), model,
region and account; what a target leaves out comes from --model, --region and
--account. Each target gets what its API can carry (e.g. no seed outside Chat
Completions); answers always stream, so --stream changes nothing. --json prints the
table with each answer as JSON, --csv the table as CSV. Exit status 1 when any
target failed; the others are still printed. Credentials come from the account,
else from AWS_BEARER_TOKEN_BEDROCK, else AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
AWS_SESSION_TOKEN.</source>
        <translation>1 つのプロンプトを、同じシステムプロンプト、ツール、スキーマ、パラメーターで 1〜6 個の
ターゲットに同時に送信し、各応答を見出しの下に出力した後、表を出力します: 最初の
トークンまでの時間、1 秒あたりのトークン数、合計時間、入力トークン数と出力トークン数、
コスト、エラーです。ターゲットはカンマ区切りの key=value 項目で、api (chat、responses、
messages のいずれか)、model、region、account を指定します。ターゲットで省略した項目は
--model、--region、--account から取得します。各ターゲットには、その API で送信できるも
のだけを送ります (例: seed は Chat Completions でのみ送信)。応答は常にストリーミングさ
れるため、--stream は効果がありません。--json では表と各応答を JSON で、--csv では表を
CSV で出力します。いずれかのターゲットが失敗すると終了ステータスは 1 になりますが、他の
ターゲットの結果は出力されます。認証情報はアカウントから、なければ
AWS_BEARER_TOKEN_BEDROCK から、それもなければ AWS_ACCESS_KEY_ID、
AWS_SECRET_ACCESS_KEY、AWS_SESSION_TOKEN から取得します。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>このヘルプを表示します。</translation>
    </message>
    <message>
        <source>A target, e.g. api=messages,model=anthropic.claude-haiku-4-5,region=us-west-2 (repeat for each, 1 to 6).</source>
        <translation>ターゲット。例: api=messages,model=anthropic.claude-haiku-4-5,region=us-west-2 (ターゲットごとに繰り返して 1〜6 個指定)。</translation>
    </message>
    <message>
        <source>Compare --model through every answer API the model catalogue says it serves.</source>
        <translation>モデルカタログで --model が対応しているとされるすべての応答 API で比較します。</translation>
    </message>
    <message>
        <source>Print the table as CSV (RFC 4180) instead.</source>
        <translation>代わりに表を CSV (RFC 4180) で出力します。</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>使い方: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>予期しない引数「%1」です。</translation>
    </message>
    <message>
        <source>--csv and --json cannot be combined.</source>
        <translation>--csv と --json は同時に指定できません。</translation>
    </message>
    <message>
        <source>compare does not run background responses.</source>
        <translation>compare ではバックグラウンドのレスポンスを実行できません。</translation>
    </message>
    <message>
        <source>--cross-api and --target cannot be combined.</source>
        <translation>--cross-api と --target は同時に指定できません。</translation>
    </message>
    <message>
        <source>give the targets with --target SPEC, or --cross-api.</source>
        <translation>ターゲットを --target SPEC で指定するか、--cross-api を指定してください。</translation>
    </message>
    <message>
        <source>--cross-api needs --model.</source>
        <translation>--cross-api には --model が必要です。</translation>
    </message>
    <message>
        <source>The target is not known.</source>
        <translation>ターゲットが不明です。</translation>
    </message>
    <message numerus="yes">
        <source>mantle compare: %n of %1 targets failed.</source>
        <translation>
            <numerusform>mantle compare: %1 個のターゲットのうち %n 個が失敗しました。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mantle::cli::EmulatorCommand</name>
    <message>
        <source>Run a local Mantle emulator on 127.0.0.1</source>
        <translation>127.0.0.1 でローカルの Mantle エミュレーターを実行します</translation>
    </message>
</context>
<context>
    <name>mantle::cli::Mantle</name>
    <message>
        <source>Usage: mantle COMMAND [OPTIONS]</source>
        <translation>使い方: mantle COMMAND [OPTIONS]</translation>
    </message>
    <message>
        <source>Try prompts against Amazon Bedrock Mantle from the command line.</source>
        <translation>コマンドラインから Amazon Bedrock Mantle でプロンプトを試します。</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>コマンド:</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>オプション:</translation>
    </message>
    <message>
        <source>Show this help; `mantle COMMAND --help` shows a command&apos;s.</source>
        <translation>このヘルプを表示します。`mantle COMMAND --help` で各コマンドのヘルプを表示します。</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>バージョンを表示します。</translation>
    </message>
    <message>
        <source>mantle: unknown command “%1”. Run `mantle --help` for the list.</source>
        <translation>mantle: 不明なコマンド「%1」です。`mantle --help` で一覧を確認できます。</translation>
    </message>
</context>
<context>
    <name>mantle::cli::ModelsCommand</name>
    <message>
        <source>Run `mantle models --help` for the options.</source>
        <translation>オプションは `mantle models --help` で確認できます。</translation>
    </message>
    <message>
        <source>List the models of a region: live, catalogue and custom</source>
        <translation>リージョンのモデル (ライブ、カタログ、カスタム) を一覧表示します</translation>
    </message>
    <message>
        <source>Lists the models of a region, one id per line: the models the region serves (its live
GET /v1/models), described by the built-in catalogue, plus the custom models and
overrides of the account (--account) as the app&apos;s Models view shows them. When the
live list cannot be fetched the command fails; --offline lists the catalogue and the
custom models without a request. --json prints an array of objects (id,
displayName, provider, surfaces, routePrefix, region, listedLive, inCatalogue, custom,
privatePrices, prices). Credentials come from the account, else from
AWS_BEARER_TOKEN_BEDROCK, else AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
AWS_SESSION_TOKEN.</source>
        <translation>リージョンのモデルを 1 行に 1 つの ID で一覧表示します: リージョンが提供する
モデル (ライブの GET /v1/models) を組み込みカタログの説明付きで表示し、アプリの
モデルビューと同じく、アカウント (--account) のカスタムモデルと上書き設定も
加えます。ライブの一覧を取得できない場合、コマンドは失敗します。--offline では
リクエストを送らずにカタログとカスタムモデルを一覧表示します。--json では
オブジェクトの配列 (id, displayName, provider, surfaces, routePrefix, region,
listedLive, inCatalogue, custom, privatePrices, prices) を出力します。認証情報は
アカウントから、なければ AWS_BEARER_TOKEN_BEDROCK から、それもなければ
AWS_ACCESS_KEY_ID、AWS_SECRET_ACCESS_KEY、AWS_SESSION_TOKEN から取得します。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>このヘルプを表示します。</translation>
    </message>
    <message>
        <source>Print a table: id, surfaces, route prefix, region, source (live, catalogue or custom), input and output price per million tokens.</source>
        <translation>表を出力します: ID、API 形式、ルートのプレフィックス、リージョン、ソース (ライブ、カタログ、カスタム)、100 万トークンあたりの入力と出力の料金。</translation>
    </message>
    <message>
        <source>Send no request: list the built-in catalogue and the account&apos;s custom models.</source>
        <translation>リクエストを送らずに、組み込みカタログとアカウントのカスタムモデルを一覧表示します。</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>使い方: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>予期しない引数「%1」です。</translation>
    </message>
    <message>
        <source>--details and --json cannot be combined.</source>
        <translation>--details と --json は同時に指定できません。</translation>
    </message>
</context>
<context>
    <name>mantle::cli::RegionsCommand</name>
    <message>
        <source>Run `mantle regions --help` for the options.</source>
        <translation>オプションは `mantle regions --help` で確認できます。</translation>
    </message>
    <message>
        <source>Which of the 13 regions serve a model, with a latency probe</source>
        <translation>13 リージョンのどこでモデルが提供されているかを、レイテンシーの測定付きで表示します</translation>
    </message>
    <message>
        <source>Asks all 13 Mantle regions at once for their live model list (GET /v1/models) and
prints one row per region: the region, its name, whether it lists the model (--model),
how many models it lists, the latency probe (milliseconds to the first byte of the
list&apos;s answer, connection set-up included) and the error of a region that failed.
--json prints {model, shared_endpoint, answered, serving, regions: [{region, name,
status, serves_model, models_listed, latency_ms, error}]}. Exit 0 when at least one
region answered, else 1. Credentials come from the account, else from
AWS_BEARER_TOKEN_BEDROCK, else AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
AWS_SESSION_TOKEN; with SigV4 each region&apos;s request is signed for that region.</source>
        <translation>Mantle の 13 リージョンすべてにライブのモデル一覧 (GET /v1/models) を同時に問い合わせ、
リージョンごとに 1 行を出力します: リージョン、その名前、モデル (--model) が一覧にあるか
どうか、一覧にあるモデルの数、レイテンシーの測定値 (一覧の応答の最初のバイトまでのミリ秒
数、接続の確立を含む)、失敗したリージョンのエラーです。--json では {model,
shared_endpoint, answered, serving, regions: [{region, name, status, serves_model,
models_listed, latency_ms, error}]} を出力します。少なくとも 1 つのリージョンが応答すれ
ば終了ステータスは 0、そうでなければ 1 です。認証情報はアカウントから、なければ
AWS_BEARER_TOKEN_BEDROCK から、それもなければ AWS_ACCESS_KEY_ID、AWS_SECRET_ACCESS_KEY、
AWS_SESSION_TOKEN から取得します。SigV4 の場合、各リージョンのリクエストはそのリージョン
用に署名されます。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>このヘルプを表示します。</translation>
    </message>
    <message>
        <source>The model to look for in each region&apos;s list.</source>
        <translation>各リージョンの一覧で探すモデル。</translation>
    </message>
    <message>
        <source>An account of the app (see `mantle accounts`).</source>
        <translation>アプリのアカウント (`mantle accounts` を参照)。</translation>
    </message>
    <message>
        <source>Send every region&apos;s request to this root URL instead of the region&apos;s own (plain http only to loopback).</source>
        <translation>すべてのリージョンのリクエストを、リージョン自身の URL ではなくこのルート URL に送信します (暗号化されていない http はループバックに対してのみ)。</translation>
    </message>
    <message>
        <source>Print the result as JSON instead of a table.</source>
        <translation>結果を表ではなく JSON で出力します。</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>使い方: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>予期しない引数「%1」です。</translation>
    </message>
    <message>
        <source>--account must not be empty.</source>
        <translation>--account を空にすることはできません。</translation>
    </message>
    <message>
        <source>--endpoint: %1</source>
        <translation>--endpoint: %1</translation>
    </message>
    <message>
        <source>--model must not be empty.</source>
        <translation>--model を空にすることはできません。</translation>
    </message>
</context>
<context>
    <name>mantle::cli::ReplayCommand</name>
    <message>
        <source>Run `mantle replay --help` for the options.</source>
        <translation>オプションは `mantle replay --help` で確認できます。</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2.</source>
        <translation>「%1」を読み込めません: %2。</translation>
    </message>
    <message>
        <source>Read a recorded stream or answer body and print the turn as JSON</source>
        <translation>記録したストリームまたは応答本文を読み込み、ターンを JSON で出力します</translation>
    </message>
    <message>
        <source>Feeds a recorded server-sent event stream (or a non-streamed JSON answer body)
through the parser and accumulator of one API and prints the final turn as
JSON: {text, reasoning, tool_calls, usage, stop_reason, response_id, error}.
An error the stream reports is part of the turn; the exit code is still 0.</source>
        <translation>記録したサーバー送信イベントのストリーム (またはストリーミングでない JSON
応答本文) を 1 つの API のパーサーとアキュムレーターに通し、最終ターンを
JSON で出力します: {text, reasoning, tool_calls, usage, stop_reason,
response_id, error}。ストリームが報告したエラーはターンの一部となり、
終了コードは 0 のままです。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>このヘルプを表示します。</translation>
    </message>
    <message>
        <source>The API that produced the recording: chat, responses or messages.</source>
        <translation>記録を生成した API: chat、responses、messages のいずれか。</translation>
    </message>
    <message>
        <source>The recorded stream or answer body.</source>
        <translation>記録したストリームまたは応答本文。</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>使い方: %1</translation>
    </message>
    <message>
        <source>--api is required (chat, responses or messages).</source>
        <translation>--api は必須です (chat、responses、messages のいずれか)。</translation>
    </message>
    <message>
        <source>--api “%1” is not one of chat, responses, messages.</source>
        <translation>--api「%1」は chat、responses、messages のいずれでもありません。</translation>
    </message>
    <message>
        <source>name the FILE to replay.</source>
        <translation>再生する FILE を指定してください。</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>予期しない引数「%1」です。</translation>
    </message>
</context>
<context>
    <name>mantle::cli::RequestCommand</name>
    <message>
        <source>Send a prompt with the Chat Completions API and print the answer</source>
        <translation>Chat Completions API でプロンプトを送信し、応答を出力します</translation>
    </message>
    <message>
        <source>Send a prompt with the Responses API and print the answer</source>
        <translation>Responses API でプロンプトを送信し、応答を出力します</translation>
    </message>
    <message>
        <source>Send a prompt with the Anthropic Messages API and print the answer</source>
        <translation>Anthropic Messages API でプロンプトを送信し、応答を出力します</translation>
    </message>
    <message>
        <source>Count the input tokens of a Messages request</source>
        <translation>Messages リクエストの入力トークン数を数えます</translation>
    </message>
    <message>
        <source>Run `mantle %1 --help` for the options.</source>
        <translation>オプションは `mantle %1 --help` で確認できます。</translation>
    </message>
    <message>
        <source>%1.
Credentials come from AWS_BEARER_TOKEN_BEDROCK, else AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.</source>
        <translation>%1。
認証情報は AWS_BEARER_TOKEN_BEDROCK から、なければ AWS_ACCESS_KEY_ID、
AWS_SECRET_ACCESS_KEY、AWS_SESSION_TOKEN から取得します。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>このヘルプを表示します。</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>使い方: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1” (the stored-response actions are get, delete and cancel).</source>
        <translation>予期しない引数「%1」です (保存済みレスポンスの操作は get、delete、cancel です)。</translation>
    </message>
    <message>
        <source>%1 takes exactly one response id.</source>
        <translation>%1 にはレスポンス ID を 1 つだけ指定します。</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>予期しない引数「%1」です。</translation>
    </message>
    <message>
        <source>count-tokens does not stream.</source>
        <translation>count-tokens はストリーミングしません。</translation>
    </message>
</context>
<context>
    <name>mantle::cli::RequestOptions</name>
    <message>
        <source>%1: cannot read “%2”: %3.</source>
        <translation>%1: 「%2」を読み込めません: %3。</translation>
    </message>
    <message>
        <source>%1: “%2” is not JSON (%3 at byte %4).</source>
        <translation>%1: 「%2」は JSON ではありません (バイト %4 で %3)。</translation>
    </message>
    <message>
        <source>--tools: “%1” must hold a JSON array of tools.</source>
        <translation>--tools: 「%1」にはツールの JSON 配列が必要です。</translation>
    </message>
    <message>
        <source>The model id, e.g. openai.gpt-oss-120b.</source>
        <translation>モデル ID (例: openai.gpt-oss-120b)。</translation>
    </message>
    <message>
        <source>The prompt (read from stdin when absent).</source>
        <translation>プロンプト (省略時は標準入力から読み込み)。</translation>
    </message>
    <message>
        <source>The system prompt.</source>
        <translation>システムプロンプト。</translation>
    </message>
    <message>
        <source>The most tokens to generate.</source>
        <translation>生成する最大トークン数。</translation>
    </message>
    <message>
        <source>The sampling temperature, 0 to 2.</source>
        <translation>サンプリング温度 (0〜2)。</translation>
    </message>
    <message>
        <source>How hard a reasoning model thinks: low, medium or high.</source>
        <translation>推論モデルの推論の強さ: low、medium、high のいずれか。</translation>
    </message>
    <message>
        <source>A JSON file with an array of tools in the API&apos;s own shape.</source>
        <translation>API 独自の形式のツール配列を含む JSON ファイル。</translation>
    </message>
    <message>
        <source>auto, none, required or the name of a tool to call.</source>
        <translation>auto、none、required、または呼び出すツールの名前。</translation>
    </message>
    <message>
        <source>A JSON Schema file the answer must follow (structured output).</source>
        <translation>応答が従う JSON Schema ファイル (構造化出力)。</translation>
    </message>
    <message>
        <source>Continue from a stored response (responses only).</source>
        <translation>保存済みレスポンスから続けます (responses のみ)。</translation>
    </message>
    <message>
        <source>Ask the server not to store the response (responses only).</source>
        <translation>レスポンスを保存しないようサーバーに要求します (responses のみ)。</translation>
    </message>
    <message>
        <source>Run the response in the background and follow it until it is done (responses only).</source>
        <translation>レスポンスをバックグラウンドで実行し、完了まで追跡します (responses のみ)。</translation>
    </message>
    <message>
        <source>Stream the answer, printing text as it comes.</source>
        <translation>応答をストリーミングし、届いたテキストから順に出力します。</translation>
    </message>
    <message>
        <source>Print the final turn as JSON instead of the text.</source>
        <translation>テキストの代わりに最終ターンを JSON で出力します。</translation>
    </message>
    <message>
        <source>The AWS region (default: AWS_REGION or AWS_DEFAULT_REGION).</source>
        <translation>AWS リージョン (デフォルト: AWS_REGION または AWS_DEFAULT_REGION)。</translation>
    </message>
    <message>
        <source>The root URL to send to instead of the region&apos;s Mantle host.</source>
        <translation>リージョンの Mantle ホストの代わりに送信するルート URL。</translation>
    </message>
    <message>
        <source>An account of the app (see `mantle accounts`).</source>
        <translation>アプリのアカウント (`mantle accounts` を参照)。</translation>
    </message>
    <message>
        <source>--account must not be empty.</source>
        <translation>--account を空にすることはできません。</translation>
    </message>
    <message>
        <source>--region must not be empty.</source>
        <translation>--region を空にすることはできません。</translation>
    </message>
    <message>
        <source>--endpoint: %1</source>
        <translation>--endpoint: %1</translation>
    </message>
    <message>
        <source>--model is required.</source>
        <translation>--model は必須です。</translation>
    </message>
    <message>
        <source>give the prompt with --prompt TEXT or on stdin.</source>
        <translation>プロンプトを --prompt TEXT または標準入力で指定してください。</translation>
    </message>
    <message>
        <source>--max-tokens takes a positive whole number, not “%1”.</source>
        <translation>--max-tokens には正の整数を指定します (「%1」は無効です)。</translation>
    </message>
    <message>
        <source>--temperature takes a number from 0 to 2, not “%1”.</source>
        <translation>--temperature には 0〜2 の数値を指定します (「%1」は無効です)。</translation>
    </message>
    <message>
        <source>--reasoning-effort takes low, medium or high, not “%1”.</source>
        <translation>--reasoning-effort には low、medium、high のいずれかを指定します (「%1」は無効です)。</translation>
    </message>
    <message>
        <source>--tool-choice takes auto, none, required or a tool&apos;s name.</source>
        <translation>--tool-choice には auto、none、required、またはツールの名前を指定します。</translation>
    </message>
    <message>
        <source>--schema: “%1” must hold a JSON Schema object.</source>
        <translation>--schema: 「%1」には JSON Schema オブジェクトが必要です。</translation>
    </message>
    <message>
        <source>--background is for the responses command only.</source>
        <translation>--background は responses コマンド専用です。</translation>
    </message>
    <message>
        <source>--background and --stream do not go together: a background response is followed by asking for it until it is done.</source>
        <translation>--background と --stream は同時に指定できません: バックグラウンドのレスポンスは、完了するまで問い合わせて追跡します。</translation>
    </message>
    <message>
        <source>--background needs the response stored: drop --no-store.</source>
        <translation>--background ではレスポンスを保存する必要があります: --no-store を外してください。</translation>
    </message>
</context>
<context>
    <name>mantle::cli::RequestRunner</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>No region: give --region R or set AWS_REGION.</source>
        <translation>リージョンがありません: --region R を指定するか、AWS_REGION を設定してください。</translation>
    </message>
    <message>
        <source>AWS profiles are not supported by the CLI yet (%1 is set).</source>
        <translation>CLI はまだ AWS プロファイルをサポートしていません (%1 が設定されています)。</translation>
    </message>
    <message>
        <source>Export the profile&apos;s keys as AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (for example with `aws configure export-credentials --format env`), or set AWS_BEARER_TOKEN_BEDROCK.</source>
        <translation>プロファイルのキーを AWS_ACCESS_KEY_ID、AWS_SECRET_ACCESS_KEY、AWS_SESSION_TOKEN としてエクスポートする (例: `aws configure export-credentials --format env`) か、AWS_BEARER_TOKEN_BEDROCK を設定してください。</translation>
    </message>
    <message>
        <source>No credentials in the environment.</source>
        <translation>環境変数に認証情報がありません。</translation>
    </message>
    <message>
        <source>Set AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials).</source>
        <translation>AWS_BEARER_TOKEN_BEDROCK に Bedrock API キーを設定するか、AWS_ACCESS_KEY_ID と AWS_SECRET_ACCESS_KEY (一時的な認証情報の場合は AWS_SESSION_TOKEN も) を設定してください。</translation>
    </message>
    <message>
        <source>No region: give --region R, --account A or set AWS_REGION.</source>
        <translation>リージョンがありません: --region R または --account A を指定するか、AWS_REGION を設定してください。</translation>
    </message>
    <message>
        <source>Tool call %1: %2 %3</source>
        <translation>ツール呼び出し %1: %2 %3</translation>
    </message>
    <message>
        <source>The answer ended with an error: %1</source>
        <translation>応答はエラーで終了しました: %1</translation>
    </message>
    <message>
        <source>Background response %1: %2</source>
        <translation>バックグラウンドのレスポンス %1: %2</translation>
    </message>
    <message>
        <source>Deleted %1.</source>
        <translation>%1 を削除しました。</translation>
    </message>
    <message>
        <source>Response %1: %2</source>
        <translation>レスポンス %1: %2</translation>
    </message>
    <message>
        <source>The count tokens answer has no input_tokens.</source>
        <translation>トークン数カウントの応答に input_tokens がありません。</translation>
    </message>
    <message>
        <source>No region answered.</source>
        <translation>どのリージョンも応答しませんでした。</translation>
    </message>
</context>
<context>
    <name>mantle::cli::SignCommand</name>
    <message>
        <source>Run `mantle sign --help` for the options.</source>
        <translation>オプションは `mantle sign --help` で確認できます。</translation>
    </message>
    <message>
        <source>Sign a request with SigV4 and print the signature as JSON</source>
        <translation>SigV4 でリクエストに署名し、署名を JSON で出力します</translation>
    </message>
    <message>
        <source>Signs one HTTP request with AWS Signature Version 4 and prints JSON:
{canonical_request, string_to_sign, signature, authorization, headers, url}.
Credentials come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
AWS_SESSION_TOKEN; nothing is sent.</source>
        <translation>1 つの HTTP リクエストに AWS 署名バージョン 4 で署名し、JSON を出力します:
{canonical_request, string_to_sign, signature, authorization, headers, url}。
認証情報は AWS_ACCESS_KEY_ID、AWS_SECRET_ACCESS_KEY、AWS_SESSION_TOKEN
から取得します。何も送信しません。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>このヘルプを表示します。</translation>
    </message>
    <message>
        <source>The HTTP method (GET).</source>
        <translation>HTTP メソッド (GET)。</translation>
    </message>
    <message>
        <source>The full request URL.</source>
        <translation>リクエストの完全な URL。</translation>
    </message>
    <message>
        <source>A header to sign, as &apos;Name: value&apos; (repeatable).</source>
        <translation>署名するヘッダー。&apos;Name: value&apos; の形式 (複数指定可)。</translation>
    </message>
    <message>
        <source>A file whose bytes are the request body.</source>
        <translation>リクエスト本文のバイト列を含むファイル。</translation>
    </message>
    <message>
        <source>The signing region.</source>
        <translation>署名のリージョン。</translation>
    </message>
    <message>
        <source>The signing service (bedrock-mantle).</source>
        <translation>署名のサービス (bedrock-mantle)。</translation>
    </message>
    <message>
        <source>The signing time, YYYYMMDDTHHMMSSZ (now).</source>
        <translation>署名の時刻。YYYYMMDDTHHMMSSZ 形式 (現在時刻)。</translation>
    </message>
    <message>
        <source>Do not add and sign the x-amz-content-sha256 header.</source>
        <translation>x-amz-content-sha256 ヘッダーを追加・署名しません。</translation>
    </message>
    <message>
        <source>Sign as a presigned URL valid for SECONDS instead of with a header.</source>
        <translation>ヘッダーではなく、SECONDS 秒間有効な署名付き URL として署名します。</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>予期しない引数「%1」です。</translation>
    </message>
    <message>
        <source>--url is required.</source>
        <translation>--url は必須です。</translation>
    </message>
    <message>
        <source>--region is required.</source>
        <translation>--region は必須です。</translation>
    </message>
    <message>
        <source>“%1” is not a region code such as us-east-1.</source>
        <translation>「%1」は us-east-1 のようなリージョンコードではありません。</translation>
    </message>
    <message>
        <source>Mantle is not served in “%1”. Its regions are: %2.</source>
        <translation>「%1」では Mantle は提供されていません。Mantle のリージョン: %2。</translation>
    </message>
    <message>
        <source>“%1” is not a service name.</source>
        <translation>「%1」はサービス名ではありません。</translation>
    </message>
    <message>
        <source>--time “%1” is not of the form YYYYMMDDTHHMMSSZ (for example 20260101T120000Z).</source>
        <translation>--time「%1」が YYYYMMDDTHHMMSSZ 形式 (例: 20260101T120000Z) ではありません。</translation>
    </message>
    <message>
        <source>--presign takes a number of seconds from 1 to 604800.</source>
        <translation>--presign には 1〜604800 の秒数を指定します。</translation>
    </message>
    <message>
        <source>--method must not be empty.</source>
        <translation>--method を空にすることはできません。</translation>
    </message>
    <message>
        <source>--header “%1” is not of the form &apos;Name: value&apos;.</source>
        <translation>--header「%1」が &apos;Name: value&apos; の形式ではありません。</translation>
    </message>
    <message>
        <source>Cannot read the body file “%1”: %2.</source>
        <translation>本文ファイル「%1」を読み込めません: %2。</translation>
    </message>
    <message>
        <source>No AWS credentials in the environment.</source>
        <translation>環境変数に AWS 認証情報がありません。</translation>
    </message>
    <message>
        <source>Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials).</source>
        <translation>AWS_ACCESS_KEY_ID と AWS_SECRET_ACCESS_KEY (一時的な認証情報の場合は AWS_SESSION_TOKEN も) を設定してください。</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>使い方: %1</translation>
    </message>
</context>
<context>
    <name>mantle::cli::SnippetCommand</name>
    <message>
        <source>--spec: cannot read “%1”: %2.</source>
        <translation>--spec: 「%1」を読み込めません: %2。</translation>
    </message>
    <message>
        <source>--spec: “%1” does not hold a JSON object.</source>
        <translation>--spec: 「%1」に JSON オブジェクトが含まれていません。</translation>
    </message>
    <message>
        <source>--spec: %1</source>
        <translation>--spec: %1</translation>
    </message>
    <message>
        <source>Print a request as a program (Python, TypeScript, curl)</source>
        <translation>リクエストをプログラム (Python、TypeScript、curl) として出力します</translation>
    </message>
    <message>
        <source>Run `mantle snippet --help` for the options.</source>
        <translation>オプションは `mantle snippet --help` で確認できます。</translation>
    </message>
    <message>
        <source>%1.
The program reads its credentials from the environment when it runs
(AWS_BEARER_TOKEN_BEDROCK, or the AWS_* key variables or AWS_PROFILE for SigV4);
this command reads none and sends nothing.</source>
        <translation>%1。
プログラムは実行時に環境変数から認証情報を読み込みます
(AWS_BEARER_TOKEN_BEDROCK、または SigV4 用の AWS_* キー変数か AWS_PROFILE)。
このコマンドは認証情報を読み込まず、何も送信しません。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>このヘルプを表示します。</translation>
    </message>
    <message>
        <source>The API: %1.</source>
        <translation>API: %1。</translation>
    </message>
    <message>
        <source>The language: %1.</source>
        <translation>言語: %1。</translation>
    </message>
    <message>
        <source>A request description (RequestSpec JSON) instead of the request flags.</source>
        <translation>リクエストフラグの代わりに使うリクエストの記述 (RequestSpec JSON)。</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>使い方: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>予期しない引数「%1」です。</translation>
    </message>
    <message>
        <source>--lang is required (%1).</source>
        <translation>--lang は必須です (%1)。</translation>
    </message>
    <message>
        <source>--lang takes %1, not “%2”.</source>
        <translation>--lang には %1 を指定します (「%2」は無効です)。</translation>
    </message>
    <message>
        <source>--api takes %1, not “%2”.</source>
        <translation>--api には %1 を指定します (「%2」は無効です)。</translation>
    </message>
    <message>
        <source>--spec replaces --%1: give one or the other.</source>
        <translation>--spec は --%1 の代わりになります: どちらか一方を指定してください。</translation>
    </message>
    <message>
        <source>--api %1 does not match the spec&apos;s API (%2).</source>
        <translation>--api %1 が spec の API (%2) と一致しません。</translation>
    </message>
    <message>
        <source>--api is required (%1).</source>
        <translation>--api は必須です (%1)。</translation>
    </message>
</context>
<context>
    <name>mantle::cli::TokenCommand</name>
    <message>
        <source>Run `mantle token --help` for the options.</source>
        <translation>オプションは `mantle token --help` で確認できます。</translation>
    </message>
    <message>
        <source>A short-term API key is made from SigV4 credentials (access keys or a role), not from another API key: use such an account, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN).</source>
        <translation>短期 API キーは、別の API キーからではなく SigV4 の認証情報 (アクセスキーまたはロール) から生成します: そのようなアカウントを使用するか、AWS_ACCESS_KEY_ID と AWS_SECRET_ACCESS_KEY (および AWS_SESSION_TOKEN) を設定してください。</translation>
    </message>
    <message>
        <source>Make a short-term Bedrock API key from SigV4 credentials</source>
        <translation>SigV4 の認証情報から短期 Bedrock API キーを生成します</translation>
    </message>
    <message>
        <source>Makes a short-term Bedrock API key (&quot;bedrock-api-key-…&quot;, valid up to 12 hours and in
one region) locally from SigV4 credentials, as AWS&apos;s token generators do, and prints it
alone on stdout, so that
  export AWS_BEARER_TOKEN_BEDROCK=$(mantle token --region us-east-1)
works; its expiry and region go to stderr. Credentials come from the account
(--account: access keys, or a role assumed through STS), else from AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN. Temporary credentials that expire sooner
shorten the key&apos;s life to theirs. The key is valid whatever endpoint a request goes to;
--endpoint is accepted for symmetry with the other commands.</source>
        <translation>短期 Bedrock API キー (&quot;bedrock-api-key-…&quot;、有効期間は最長 12 時間で、1 つのリージョンで
のみ有効) を、AWS のトークンジェネレーターと同様に SigV4 の認証情報からローカルで生成
し、キーだけを標準出力に出力します。そのため次のように使えます:
  export AWS_BEARER_TOKEN_BEDROCK=$(mantle token --region us-east-1)
有効期限とリージョンは標準エラー出力に出力します。認証情報はアカウント (--account:
アクセスキー、または STS で引き受けたロール) から、なければ AWS_ACCESS_KEY_ID、
AWS_SECRET_ACCESS_KEY、AWS_SESSION_TOKEN から取得します。一時的な認証情報の有効期限
のほうが早い場合、キーの有効期間はそれに合わせて短くなります。キーはリクエストの送信
先エンドポイントにかかわらず有効です。--endpoint は他のコマンドとの対称性のために受
け付けます。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>このヘルプを表示します。</translation>
    </message>
    <message>
        <source>How long the key lives, in seconds: %1 to %2 (the default).</source>
        <translation>キーの有効期間 (秒)。%1〜%2 (デフォルトは %2)。</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>使い方: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>予期しない引数「%1」です。</translation>
    </message>
    <message>
        <source>--expires-in takes seconds from %1 to %2, not “%3”.</source>
        <translation>--expires-in には %1〜%2 の秒数を指定します (「%3」は無効です)。</translation>
    </message>
    <message>
        <source>The account “%1” uses an API key: it has no SigV4 credentials.</source>
        <translation>アカウント「%1」は API キーを使用しているため、SigV4 の認証情報がありません。</translation>
    </message>
    <message>
        <source>The environment has an API key (AWS_BEARER_TOKEN_BEDROCK) but no SigV4 credentials.</source>
        <translation>環境変数に API キー (AWS_BEARER_TOKEN_BEDROCK) はありますが、SigV4 の認証情報がありません。</translation>
    </message>
    <message>
        <source>No credentials in the environment.</source>
        <translation>環境変数に認証情報がありません。</translation>
    </message>
    <message>
        <source>Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials), or give --account A.</source>
        <translation>AWS_ACCESS_KEY_ID と AWS_SECRET_ACCESS_KEY (一時的な認証情報の場合は AWS_SESSION_TOKEN も) を設定するか、--account A を指定してください。</translation>
    </message>
    <message>
        <source>No region: give --region R, --account A or set AWS_REGION.</source>
        <translation>リージョンがありません: --region R または --account A を指定するか、AWS_REGION を設定してください。</translation>
    </message>
    <message>
        <source>“%1” is not one of Mantle&apos;s regions.</source>
        <translation>「%1」は Mantle のリージョンではありません。</translation>
    </message>
    <message>
        <source>expires at %1 (region %2)</source>
        <translation>有効期限 %1 (リージョン %2)</translation>
    </message>
    <message>
        <source>The key lives %1 seconds only: the temporary credentials it was made from expire then.</source>
        <translation>キーの有効期間は %1 秒だけです: 生成元の一時的な認証情報がその時点で期限切れになります。</translation>
    </message>
</context>
<context>
    <name>mantle::codeexport::SnippetGenerator</name>
    <message>
        <source>A %1 request cannot be exported as %2.</source>
        <translation>%1 リクエストは %2 としてエクスポートできません。</translation>
    </message>
    <message>
        <source>No language fits this API.</source>
        <translation>この API に対応する言語はありません。</translation>
    </message>
    <message>
        <source>Languages that fit: %1.</source>
        <translation>対応する言語: %1。</translation>
    </message>
    <message>
        <source>Unknown snippet language.</source>
        <translation>不明なスニペット言語です。</translation>
    </message>
</context>
<context>
    <name>mantle::compare::CompareRun</name>
    <message>
        <source>No target to compare.</source>
        <translation>比較するターゲットがありません。</translation>
    </message>
    <message>
        <source>Add at least one target.</source>
        <translation>ターゲットを 1 つ以上追加してください。</translation>
    </message>
    <message>
        <source>%1 targets are too many: at most %2 are compared at once.</source>
        <translation>ターゲットが %1 個では多すぎます: 一度に比較できるのは最大 %2 個です。</translation>
    </message>
    <message>
        <source>Remove some targets.</source>
        <translation>ターゲットをいくつか削除してください。</translation>
    </message>
    <message>
        <source>Target %1 names no model.</source>
        <translation>ターゲット %1 にモデルが指定されていません。</translation>
    </message>
    <message>
        <source>Target %1 uses the %2 API, which gives no answer.</source>
        <translation>ターゲット %1 は、応答を返さない %2 API を使用しています。</translation>
    </message>
    <message>
        <source>The target “%1” is given twice.</source>
        <translation>ターゲット「%1」が 2 回指定されています。</translation>
    </message>
    <message>
        <source>No way to resolve the target is set.</source>
        <translation>ターゲットを解決する方法が設定されていません。</translation>
    </message>
    <message>
        <source>The comparison was cancelled.</source>
        <translation>比較はキャンセルされました。</translation>
    </message>
</context>
<context>
    <name>mantle::compare::CompareTarget</name>
    <message>
        <source>A target reads like api=chat,model=openai.gpt-oss-120b,region=us-east-1,account=NAME.</source>
        <translation>ターゲットは api=chat,model=openai.gpt-oss-120b,region=us-east-1,account=NAME のように記述します。</translation>
    </message>
    <message>
        <source>The target item “%1” is not of the form key=value.</source>
        <translation>ターゲットの項目「%1」が key=value の形式ではありません。</translation>
    </message>
    <message>
        <source>The target item “%1” has an unknown key (the keys are api, model, region and account).</source>
        <translation>ターゲットの項目「%1」のキーが不明です (キーは api、model、region、account のいずれかです)。</translation>
    </message>
    <message>
        <source>The target item “%1” repeats the key “%2”.</source>
        <translation>ターゲットの項目「%1」でキー「%2」が重複しています。</translation>
    </message>
    <message>
        <source>The target item “%1” has no value.</source>
        <translation>ターゲットの項目「%1」に値がありません。</translation>
    </message>
    <message>
        <source>The target item “%1” names no answer API (the APIs are chat, responses and messages).</source>
        <translation>ターゲットの項目「%1」が応答 API を指定していません (API は chat、responses、messages のいずれかです)。</translation>
    </message>
    <message>
        <source>The target “%1” names no model.</source>
        <translation>ターゲット「%1」にモデルが指定されていません。</translation>
    </message>
</context>
<context>
    <name>mantle::compare::RegionMatrix</name>
    <message>
        <source>Unknown error.</source>
        <translation>不明なエラーです。</translation>
    </message>
    <message>
        <source>No way to reach the region.</source>
        <translation>リージョンに到達する方法がありません。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>停止しました。</translation>
    </message>
</context>
<context>
    <name>mantle::emulator::EmulatorProgram</name>
    <message>
        <source>Run `%1 --help` for the options.</source>
        <translation>オプションは `%1 --help` で確認できます。</translation>
    </message>
    <message>
        <source>A local Amazon Bedrock Mantle on 127.0.0.1, for tests and demos.
It accepts SigV4 with the access key id AKIDMANTLEEMULATOR and the secret
mantle-emulator-secret, and the API key mantle-emulator-key (Authorization:
Bearer, or x-api-key under /anthropic). A request can ask for faults with the
header x-emulator-fault (latency=MS; status=CODE; retry-after=S; access-denied;
wrong-prefix; drop-after=N; malformed-after=N; stall-after=N) and for a pace
between stream events with x-emulator-pace: MS.</source>
        <translation>テストとデモ用の、127.0.0.1 上のローカルな Amazon Bedrock Mantle です。
アクセスキー ID AKIDMANTLEEMULATOR とシークレット mantle-emulator-secret
による SigV4、および API キー mantle-emulator-key (Authorization: Bearer、
または /anthropic 配下では x-api-key) を受け付けます。リクエストでは
ヘッダー x-emulator-fault (latency=MS; status=CODE; retry-after=S;
access-denied; wrong-prefix; drop-after=N; malformed-after=N;
stall-after=N) で障害を、x-emulator-pace: MS でストリームイベントの間隔を
指定できます。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>このヘルプを表示します。</translation>
    </message>
    <message>
        <source>The port on 127.0.0.1 (0, the default, picks a free one).</source>
        <translation>127.0.0.1 のポート (デフォルトの 0 では空きポートを選択)。</translation>
    </message>
    <message>
        <source>The region of requests whose signature or Host names none (default us-east-1).</source>
        <translation>署名や Host でリージョンが指定されていないリクエストのリージョン (デフォルト: us-east-1)。</translation>
    </message>
    <message>
        <source>Milliseconds between two events of a streamed answer (default 0: all at once); a request&apos;s x-emulator-pace header overrides it.</source>
        <translation>ストリーミング応答のイベント間のミリ秒数 (デフォルトの 0 では一度にすべて送信)。リクエストの x-emulator-pace ヘッダーで上書きされます。</translation>
    </message>
    <message>
        <source>Stream without chunked encoding, ending each stream by closing the connection.</source>
        <translation>チャンク転送エンコーディングを使わずにストリーミングし、接続を閉じて各ストリームを終了します。</translation>
    </message>
    <message>
        <source>Log every request on standard error.</source>
        <translation>すべてのリクエストを標準エラー出力に記録します。</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>使い方: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>予期しない引数「%1」です。</translation>
    </message>
    <message>
        <source>--port takes a number from 0 to 65535, not “%1”.</source>
        <translation>--port には 0〜65535 の数値を指定します (「%1」は無効です)。</translation>
    </message>
    <message>
        <source>--region must be one of the Mantle regions (%1), not “%2”.</source>
        <translation>--region には Mantle のリージョン (%1) のいずれかを指定します (「%2」は無効です)。</translation>
    </message>
    <message>
        <source>--pace-ms takes milliseconds from 0 to %1, not “%2”.</source>
        <translation>--pace-ms には 0〜%1 のミリ秒数を指定します (「%2」は無効です)。</translation>
    </message>
    <message>
        <source>%1: cannot listen on 127.0.0.1:%2: %3</source>
        <translation>%1: 127.0.0.1:%2 で待ち受けできません: %3</translation>
    </message>
</context>
<context>
    <name>mantle::emulator::FaultPlan</name>
    <message>
        <source>The fault “%1” takes no value.</source>
        <translation>障害「%1」は値を取りません。</translation>
    </message>
    <message>
        <source>The fault “%1” needs a value (%1=N).</source>
        <translation>障害「%1」には値が必要です (%1=N)。</translation>
    </message>
    <message>
        <source>Unknown fault “%1” (known: latency, status, retry-after, access-denied, wrong-prefix, drop-after, malformed-after, stall-after).</source>
        <translation>不明な障害「%1」です (既知の障害: latency、status、retry-after、access-denied、wrong-prefix、drop-after、malformed-after、stall-after)。</translation>
    </message>
    <message>
        <source>The fault “%1” needs a number from %2 to %3, not “%4”.</source>
        <translation>障害「%1」には %2〜%3 の数値が必要です (「%4」は無効です)。</translation>
    </message>
    <message>
        <source>The fault “retry-after” goes with a “status” fault.</source>
        <translation>障害「retry-after」は「status」障害と一緒に指定します。</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ApiSurface</name>
    <message>
        <source>Chat Completions</source>
        <translation>Chat Completions</translation>
    </message>
    <message>
        <source>Responses</source>
        <translation>Responses</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <source>Count tokens</source>
        <translation>トークン数のカウント</translation>
    </message>
    <message>
        <source>List models</source>
        <translation>モデルの一覧</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::CostLedger</name>
    <message>
        <source>A cost total has no valid amount.</source>
        <translation>コストの合計に有効な金額がありません。</translation>
    </message>
    <message>
        <source>The cost ledger is not in %1.</source>
        <translation>コスト台帳が %1 ではありません。</translation>
    </message>
    <message>
        <source>The cost ledger has an invalid day &quot;%1&quot;.</source>
        <translation>コスト台帳に無効な日付 &quot;%1&quot; があります。</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::Endpoint</name>
    <message>
        <source>Give the root URL to which /v1, /openai/v1 or /anthropic/v1 is added, such as https://bedrock-mantle.us-east-1.api.aws, or http://127.0.0.1:8080 for a local emulator.</source>
        <translation>/v1、/openai/v1、/anthropic/v1 が付加されるルート URL を指定してください (例: https://bedrock-mantle.us-east-1.api.aws、ローカルのエミュレーターの場合は http://127.0.0.1:8080)。</translation>
    </message>
    <message>
        <source>Start it with https:// (or http:// for a local emulator on this computer).</source>
        <translation>https:// で始めてください (このコンピューター上のローカルのエミュレーターの場合は http://)。</translation>
    </message>
    <message>
        <source>No endpoint URL is given.</source>
        <translation>エンドポイント URL が指定されていません。</translation>
    </message>
    <message>
        <source>“%1” has no scheme.</source>
        <translation>「%1」にスキームがありません。</translation>
    </message>
    <message>
        <source>The endpoint URL contains a user name or password (the part before “@”).</source>
        <translation>エンドポイント URL にユーザー名またはパスワード (「@」より前の部分) が含まれています。</translation>
    </message>
    <message>
        <source>Remove it: credentials belong in the account or the environment, never in the URL.</source>
        <translation>削除してください: 認証情報はアカウントまたは環境変数で指定するもので、URL には含めません。</translation>
    </message>
    <message>
        <source>“%1” is not a valid URL.</source>
        <translation>「%1」は有効な URL ではありません。</translation>
    </message>
    <message>
        <source>“%1” uses the scheme “%2”, which an endpoint cannot use.</source>
        <translation>「%1」はエンドポイントに使用できないスキーム「%2」を使用しています。</translation>
    </message>
    <message>
        <source>“%1” has no host name.</source>
        <translation>「%1」にホスト名がありません。</translation>
    </message>
    <message>
        <source>“%1” has an invalid port.</source>
        <translation>「%1」のポートが無効です。</translation>
    </message>
    <message>
        <source>Give a port from 1 to 65535, or none for the scheme&apos;s default.</source>
        <translation>1〜65535 のポートを指定するか、スキームのデフォルトを使う場合は省略してください。</translation>
    </message>
    <message>
        <source>“%1” has a query (“?…”), which an endpoint cannot have.</source>
        <translation>「%1」にクエリ (「?…」) がありますが、エンドポイントには指定できません。</translation>
    </message>
    <message>
        <source>“%1” has a fragment (“#…”), which an endpoint cannot have.</source>
        <translation>「%1」にフラグメント (「#…」) がありますが、エンドポイントには指定できません。</translation>
    </message>
    <message>
        <source>“%1” uses plain http to %2, which is not this computer: credentials and prompts would travel unencrypted.</source>
        <translation>「%1」はこのコンピューターではない %2 に暗号化されていない http で接続します: 認証情報とプロンプトが暗号化されずに送信されます。</translation>
    </message>
    <message>
        <source>Use https://. Plain http:// is only for a local emulator on 127.0.0.1, ::1 or localhost.</source>
        <translation>https:// を使用してください。暗号化されていない http:// は、127.0.0.1、::1、localhost 上のローカルのエミュレーター専用です。</translation>
    </message>
    <message>
        <source>“%1” has “.” or “..” in its path.</source>
        <translation>「%1」のパスに「.」または「..」が含まれています。</translation>
    </message>
    <message>
        <source>Write the path prefix out in full, such as https://gateway.example.com/mantle.</source>
        <translation>パスのプレフィックスを省略せずに記述してください (例: https://gateway.example.com/mantle)。</translation>
    </message>
    <message>
        <source>“%1” already ends with the route “%2”, which is added to every request.</source>
        <translation>「%1」は、すべてのリクエストに付加されるルート「%2」ですでに終わっています。</translation>
    </message>
    <message>
        <source>Give the root URL without it: %1</source>
        <translation>ルートを除いたルート URL を指定してください: %1</translation>
    </message>
    <message>
        <source>No region is set.</source>
        <translation>リージョンが設定されていません。</translation>
    </message>
    <message>
        <source>Choose one of the regions that serve Bedrock Mantle: %1.</source>
        <translation>Bedrock Mantle を提供しているリージョンのいずれかを選択してください: %1。</translation>
    </message>
    <message>
        <source>The region “%1” does not serve Bedrock Mantle.</source>
        <translation>リージョン「%1」は Bedrock Mantle を提供していません。</translation>
    </message>
    <message>
        <source>“%1” is not an AWS region code.</source>
        <translation>「%1」は AWS のリージョンコードではありません。</translation>
    </message>
    <message>
        <source>Use one of the regions that serve Bedrock Mantle: %1.</source>
        <translation>Bedrock Mantle を提供しているリージョンのいずれかを使用してください: %1。</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelCatalogue</name>
    <message>
        <source>The model catalogue is not a JSON object: %1</source>
        <translation>モデルカタログが JSON オブジェクトではありません: %1</translation>
    </message>
    <message>
        <source>The model catalogue has no &quot;models&quot; list.</source>
        <translation>モデルカタログに &quot;models&quot; リストがありません。</translation>
    </message>
    <message>
        <source>The model catalogue lists %1 twice.</source>
        <translation>モデルカタログに %1 が 2 回含まれています。</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelInfo</name>
    <message>
        <source>The surfaces must be a list of names such as &quot;chat&quot;.</source>
        <translation>API 形式は &quot;chat&quot; のような名前のリストである必要があります。</translation>
    </message>
    <message>
        <source>Unknown API surface &quot;%1&quot;; known are: %2.</source>
        <translation>不明な API 形式 &quot;%1&quot; です。既知の形式: %2。</translation>
    </message>
    <message>
        <source>A model entry has no id.</source>
        <translation>モデルのエントリに ID がありません。</translation>
    </message>
    <message>
        <source>The context size of %1 must be a whole number of tokens.</source>
        <translation>%1 のコンテキストサイズは整数のトークン数である必要があります。</translation>
    </message>
    <message>
        <source>Model %1: %2</source>
        <translation>モデル %1: %2</translation>
    </message>
    <message>
        <source>The prices of %1 must be an object or null.</source>
        <translation>%1 の料金はオブジェクトまたは null である必要があります。</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelList</name>
    <message>
        <source>The model list answer is not an OpenAI-style list of models.</source>
        <translation>モデル一覧の応答が OpenAI 形式のモデルの一覧ではありません。</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelPrices</name>
    <message>
        <source>The price &quot;%1&quot; must be a number of zero or more.</source>
        <translation>料金 &quot;%1&quot; は 0 以上の数値である必要があります。</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelSettings</name>
    <message>
        <source>A model setting has no valid model id (&quot;%1&quot;).</source>
        <translation>モデル設定に有効なモデル ID がありません (&quot;%1&quot;)。</translation>
    </message>
    <message>
        <source>Model %1: %2 is not a Mantle region; Mantle serves %3.</source>
        <translation>モデル %1: %2 は Mantle のリージョンではありません。Mantle を提供しているのは %3 です。</translation>
    </message>
    <message>
        <source>Model %1: the route prefix must be &quot;v1&quot; or &quot;openai-v1&quot;.</source>
        <translation>モデル %1: ルートのプレフィックスは &quot;v1&quot; または &quot;openai-v1&quot; である必要があります。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a model id.</source>
        <translation>&quot;%1&quot; はモデル ID ではありません。</translation>
    </message>
    <message>
        <source>Use the bare id that the model list shows, such as openai.gpt-oss-120b.</source>
        <translation>openai.gpt-oss-120b のように、モデル一覧に表示されるプレフィックスなしの ID を使用してください。</translation>
    </message>
    <message>
        <source>The model settings list %1 twice.</source>
        <translation>モデル設定に %1 が 2 回含まれています。</translation>
    </message>
    <message>
        <source>The model picker&apos;s list is not a list of model ids.</source>
        <translation>モデル選択のリストがモデル ID のリストではありません。</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::RouteResolver</name>
    <message>
        <source>No model is chosen for the %1 request.</source>
        <translation>%1 リクエストのモデルが選択されていません。</translation>
    </message>
    <message>
        <source>Choose one of the models the region serves.</source>
        <translation>リージョンが提供しているモデルのいずれかを選択してください。</translation>
    </message>
    <message>
        <source>“%1” is not a valid resource path.</source>
        <translation>「%1」は有効なリソースパスではありません。</translation>
    </message>
    <message>
        <source>Give non-empty path segments such as responses/resp_123/cancel, with anything but letters, digits and -._~ percent-encoded.</source>
        <translation>responses/resp_123/cancel のように空でないパスセグメントを指定し、英字、数字、-._~ 以外の文字はパーセントエンコードしてください。</translation>
    </message>
</context>
<context>
    <name>mantle::net::HttpCall</name>
    <message>
        <source>The request to %1 was cancelled.</source>
        <translation>%1 へのリクエストはキャンセルされました。</translation>
    </message>
    <message>
        <source>There are no AWS credentials to sign the request to %1 with.</source>
        <translation>%1 へのリクエストに署名する AWS 認証情報がありません。</translation>
    </message>
    <message>
        <source>Choose an account with AWS credentials, or use an API key.</source>
        <translation>AWS 認証情報を持つアカウントを選択するか、API キーを使用してください。</translation>
    </message>
    <message>
        <source>Check the network connection and the proxy settings, then try again.</source>
        <translation>ネットワーク接続とプロキシの設定を確認して、もう一度お試しください。</translation>
    </message>
    <message>
        <source>Could not connect to %1: the connection was refused.</source>
        <translation>%1 に接続できませんでした: 接続が拒否されました。</translation>
    </message>
    <message>
        <source>Check the endpoint URL and that nothing (a firewall, a proxy) blocks it.</source>
        <translation>エンドポイント URL を確認し、ファイアウォールやプロキシなどでブロックされていないか確認してください。</translation>
    </message>
    <message>
        <source>Could not find the host %1.</source>
        <translation>ホスト %1 が見つかりませんでした。</translation>
    </message>
    <message>
        <source>Check the region or endpoint, the network connection and the DNS or proxy settings.</source>
        <translation>リージョンまたはエンドポイント、ネットワーク接続、DNS またはプロキシの設定を確認してください。</translation>
    </message>
    <message>
        <source>The connection to %1 was closed before the answer was complete.</source>
        <translation>応答が完了する前に %1 への接続が閉じられました。</translation>
    </message>
    <message>
        <source>The secure connection to %1 failed: %2</source>
        <translation>%1 へのセキュリティで保護された接続に失敗しました: %2</translation>
    </message>
    <message>
        <source>A proxy that inspects TLS may be in the way, or the system&apos;s certificates may be out of date.</source>
        <translation>TLS を検査するプロキシが間にあるか、システムの証明書が古くなっている可能性があります。</translation>
    </message>
    <message>
        <source>Could not reach %1: %2</source>
        <translation>%1 に到達できませんでした: %2</translation>
    </message>
    <message>
        <source>Could not connect to %1 within %2 seconds.</source>
        <translation>%2 秒以内に %1 に接続できませんでした。</translation>
    </message>
    <message>
        <source>%1 sent nothing for %2 seconds, so the request was stopped.</source>
        <translation>%1 から %2 秒間何も送信されなかったため、リクエストを停止しました。</translation>
    </message>
</context>
<context>
    <name>mantle::net::SseParser</name>
    <message>
        <source>Server-sent events come in short lines. Check that the endpoint is the one you meant and that no proxy in between changes the answer.</source>
        <translation>サーバー送信イベントは短い行で届きます。エンドポイントが意図したものか、また途中のプロキシが応答を変更していないか確認してください。</translation>
    </message>
    <message>
        <source>The event stream sent a line longer than %1 and was stopped.</source>
        <translation>イベントストリームが %1 より長い行を送信したため、停止しました。</translation>
    </message>
    <message>
        <source>The event stream sent an event larger than %1 and was stopped.</source>
        <translation>イベントストリームが %1 より大きいイベントを送信したため、停止しました。</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::BackgroundPoller</name>
    <message>
        <source>Stopped following the background response %1; it goes on running on the server.</source>
        <translation>バックグラウンドのレスポンス %1 の追跡を停止しました。サーバー上では引き続き実行されています。</translation>
    </message>
    <message>
        <source>The background response %1 was still “%2” after %3 seconds.</source>
        <translation>バックグラウンドのレスポンス %1 は %3 秒後も「%2」のままでした。</translation>
    </message>
    <message>
        <source>It goes on running on the server: look it up later with its id.</source>
        <translation>サーバー上では引き続き実行されています: 後で ID を使って確認してください。</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::MantleCall</name>
    <message>
        <source>The request was cancelled.</source>
        <translation>リクエストはキャンセルされました。</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::RequestRecord</name>
    <message>
        <source>a [name, value] pair</source>
        <translation>[name, value] のペア</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::RouteMemory</name>
    <message>
        <source>Could not read the learned routes in %1: %2</source>
        <translation>%1 の学習済みルートを読み込めませんでした: %2</translation>
    </message>
    <message>
        <source>The learned routes in %1 are not valid JSON.</source>
        <translation>%1 の学習済みルートが有効な JSON ではありません。</translation>
    </message>
    <message>
        <source>Delete the file; routes are learned again as needed.</source>
        <translation>ファイルを削除してください。ルートは必要に応じて再度学習されます。</translation>
    </message>
    <message>
        <source>Could not save the learned routes to %1: %2</source>
        <translation>学習済みルートを %1 に保存できませんでした: %2</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::StoredResponseCall</name>
    <message>
        <source>The server did not confirm that the response %1 was deleted.</source>
        <translation>レスポンス %1 が削除されたことをサーバーが確認しませんでした。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>キャンセルしました。</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::TokenCounter</name>
    <message>
        <source>Tokens are counted for Messages requests only, not for %1.</source>
        <translation>トークン数をカウントできるのは Messages リクエストだけで、%1 ではカウントできません。</translation>
    </message>
    <message>
        <source>The count tokens answer has no input_tokens.</source>
        <translation>トークン数カウントの応答に input_tokens がありません。</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::TurnCall</name>
    <message>
        <source>The %1 API takes no request body.</source>
        <translation>%1 API はリクエスト本文を受け取りません。</translation>
    </message>
    <message>
        <source>The %1 API does not answer with a turn.</source>
        <translation>%1 API はターンで応答しません。</translation>
    </message>
    <message>
        <source>The request was cancelled.</source>
        <translation>リクエストはキャンセルされました。</translation>
    </message>
    <message>
        <source>The stream from %1 ended before the answer was complete: its final event never came.</source>
        <translation>%1 からのストリームは応答が完了する前に終了しました: 最終イベントが届きませんでした。</translation>
    </message>
    <message>
        <source>What arrived is kept; try the request again.</source>
        <translation>受信済みの内容は保持されます。リクエストをもう一度お試しください。</translation>
    </message>
</context>
<context>
    <name>mantle::schema::SchemaValidator</name>
    <message>
        <source>an integer</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数値</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>文字列</translation>
    </message>
    <message>
        <source>a boolean</source>
        <translation>ブール値</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>an array</source>
        <translation>配列</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>オブジェクト</translation>
    </message>
    <message>
        <source>&quot;%1&quot;</source>
        <translation>&quot;%1&quot;</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <translation>%1 または %2</translation>
    </message>
    <message>
        <source>%1 is not allowed here</source>
        <translation>%1 はここでは使用できません</translation>
    </message>
    <message>
        <source>expected %1, got %2</source>
        <translation>%1 が必要ですが、%2 でした</translation>
    </message>
    <message>
        <source>the required property &quot;%1&quot; is missing</source>
        <translation>必須プロパティ &quot;%1&quot; がありません</translation>
    </message>
    <message>
        <source>the property &quot;%1&quot; is not allowed (additionalProperties)</source>
        <translation>プロパティ &quot;%1&quot; は許可されていません (additionalProperties)</translation>
    </message>
    <message>
        <source>%1 is not one of the allowed values %2</source>
        <translation>%1 は許可された値 %2 のいずれでもありません</translation>
    </message>
    <message>
        <source>%1 is not one of the allowed values</source>
        <translation>%1 は許可された値のいずれでもありません</translation>
    </message>
    <message>
        <source>%1 is not the expected value</source>
        <translation>%1 は想定された値ではありません</translation>
    </message>
    <message>
        <source>%1 is above the maximum %2</source>
        <translation>%1 は最大値 %2 を超えています</translation>
    </message>
    <message>
        <source>%1 must be less than %2</source>
        <translation>%1 は %2 より小さい必要があります</translation>
    </message>
    <message>
        <source>%1 is below the minimum %2</source>
        <translation>%1 は最小値 %2 を下回っています</translation>
    </message>
    <message>
        <source>%1 must be greater than %2</source>
        <translation>%1 は %2 より大きい必要があります</translation>
    </message>
    <message>
        <source>%1 is not a multiple of %2</source>
        <translation>%1 は %2 の倍数ではありません</translation>
    </message>
    <message>
        <source>has %1 items, at most %2 allowed</source>
        <translation>項目が %1 個ありますが、最大 %2 個です</translation>
    </message>
    <message>
        <source>has %1 items, at least %2 needed</source>
        <translation>項目が %1 個ありますが、%2 個以上必要です</translation>
    </message>
    <message>
        <source>the text is longer than %1 characters</source>
        <translation>テキストが %1 文字を超えています</translation>
    </message>
    <message>
        <source>the text is shorter than %1 characters</source>
        <translation>テキストが %1 文字より短くなっています</translation>
    </message>
    <message>
        <source>has more than %1 properties</source>
        <translation>プロパティが %1 個を超えています</translation>
    </message>
    <message>
        <source>has fewer than %1 properties</source>
        <translation>プロパティが %1 個未満です</translation>
    </message>
    <message>
        <source>%1 does not match the pattern %2</source>
        <translation>%1 がパターン %2 に一致しません</translation>
    </message>
    <message>
        <source>%1 does not match the pattern</source>
        <translation>%1 がパターンに一致しません</translation>
    </message>
    <message>
        <source>items %1 and %2 are equal, but the items must be unique</source>
        <translation>項目 %1 と %2 が同じですが、項目は一意である必要があります</translation>
    </message>
    <message>
        <source>the property &quot;%1&quot; is missing (dependencies)</source>
        <translation>プロパティ &quot;%1&quot; がありません (dependencies)</translation>
    </message>
    <message>
        <source>matches none of the schemas in anyOf</source>
        <translation>anyOf のどのスキーマにも一致しません</translation>
    </message>
    <message>
        <source>matches none of the schemas in oneOf</source>
        <translation>oneOf のどのスキーマにも一致しません</translation>
    </message>
    <message>
        <source>matches more than one of the schemas in oneOf</source>
        <translation>oneOf の複数のスキーマに一致しています</translation>
    </message>
    <message>
        <source>matches the schema in &quot;not&quot;</source>
        <translation>&quot;not&quot; のスキーマに一致しています</translation>
    </message>
    <message>
        <source>does not satisfy the if/then/else condition</source>
        <translation>if/then/else の条件を満たしていません</translation>
    </message>
    <message>
        <source>has more items than the schema allows</source>
        <translation>スキーマで許可されているより多くの項目があります</translation>
    </message>
    <message>
        <source>has no item that matches &quot;contains&quot;</source>
        <translation>&quot;contains&quot; に一致する項目がありません</translation>
    </message>
    <message>
        <source>%1 is not a valid %2</source>
        <translation>%1 は有効な %2 ではありません</translation>
    </message>
    <message>
        <source>is not allowed by the schema</source>
        <translation>スキーマで許可されていません</translation>
    </message>
    <message>
        <source>does not match its schema</source>
        <translation>そのスキーマに一致しません</translation>
    </message>
    <message>
        <source>does not match the schema</source>
        <translation>スキーマに一致しません</translation>
    </message>
    <message>
        <source>A schema is a JSON object (or true or false), not %1.</source>
        <translation>スキーマは JSON オブジェクト (または true か false) であり、%1 ではありません。</translation>
    </message>
    <message>
        <source>The schema refers to another document; only local references (&quot;#/...&quot;) are supported.</source>
        <translation>スキーマが別のドキュメントを参照しています。サポートされているのはローカルの参照 (&quot;#/...&quot;) だけです。</translation>
    </message>
    <message>
        <source>The schema is not valid: %1</source>
        <translation>スキーマが無効です: %1</translation>
    </message>
    <message>
        <source>The schema is not valid.</source>
        <translation>スキーマが無効です。</translation>
    </message>
    <message>
        <source>there is no valid schema to check against</source>
        <translation>検証に使用できる有効なスキーマがありません</translation>
    </message>
    <message>
        <source>the value could not be checked: %1</source>
        <translation>値を検証できませんでした: %1</translation>
    </message>
    <message>
        <source>the value could not be checked</source>
        <translation>値を検証できませんでした</translation>
    </message>
    <message>
        <source>the schema allows no value here</source>
        <translation>スキーマはここでは値を許可していません</translation>
    </message>
</context>
<context>
    <name>mantle::schema::SchemaViolation</name>
    <message>
        <source>(root)</source>
        <translation>(ルート)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>mantle::schema::StrictModeCheck</name>
    <message>
        <source>The root of the schema must be an object, not &quot;anyOf&quot;: make the root an object and put the alternatives in one of its properties.</source>
        <translation>スキーマのルートは &quot;anyOf&quot; ではなくオブジェクトである必要があります: ルートをオブジェクトにして、選択肢はそのプロパティのいずれかに入れてください。</translation>
    </message>
    <message>
        <source>The root of the schema must be an object (&quot;type&quot;: &quot;object&quot;).</source>
        <translation>スキーマのルートはオブジェクト (&quot;type&quot;: &quot;object&quot;) である必要があります。</translation>
    </message>
    <message>
        <source>The root of the schema must say &quot;type&quot;: &quot;object&quot;.</source>
        <translation>スキーマのルートには &quot;type&quot;: &quot;object&quot; を指定する必要があります。</translation>
    </message>
    <message>
        <source>Strict mode does not take true or false as a schema: write the schema out (with a &quot;type&quot;).</source>
        <translation>strict モードでは true や false をスキーマとして使用できません: スキーマを (&quot;type&quot; 付きで) 記述してください。</translation>
    </message>
    <message>
        <source>Strict mode does not take a list of schemas in &quot;items&quot; (a tuple): give one schema that every item follows.</source>
        <translation>strict モードでは &quot;items&quot; にスキーマのリスト (タプル) を指定できません: すべての項目が従う 1 つのスキーマを指定してください。</translation>
    </message>
    <message>
        <source>Put &quot;%1&quot; at the root of the schema; strict mode does not read definitions further in.</source>
        <translation>&quot;%1&quot; はスキーマのルートに置いてください。strict モードはそれより内側の定義を読み込みません。</translation>
    </message>
    <message>
        <source>The format &quot;%1&quot; is not supported in strict mode (supported: date-time, time, date, duration, email, hostname, ipv4, ipv6, uuid).</source>
        <translation>形式 &quot;%1&quot; は strict モードではサポートされていません (サポートされている形式: date-time、time、date、duration、email、hostname、ipv4、ipv6、uuid)。</translation>
    </message>
    <message>
        <source>Strict mode only follows references within the schema (&quot;#/$defs/...&quot;), not &quot;%1&quot;.</source>
        <translation>strict モードがたどるのはスキーマ内の参照 (&quot;#/$defs/...&quot;) だけで、&quot;%1&quot; はたどりません。</translation>
    </message>
    <message>
        <source>Strict mode does not support &quot;oneOf&quot;; merge it with the &quot;anyOf&quot; next to it by hand.</source>
        <translation>strict モードは &quot;oneOf&quot; をサポートしていません: 隣にある &quot;anyOf&quot; と手動で統合してください。</translation>
    </message>
    <message>
        <source>Strict mode does not support &quot;oneOf&quot;; &quot;anyOf&quot; is the alternative it takes.</source>
        <translation>strict モードは &quot;oneOf&quot; をサポートしていません: 代わりに &quot;anyOf&quot; を使用できます。</translation>
    </message>
    <message>
        <source>Strict mode does not support &quot;allOf&quot;: merge its schemas into one by hand.</source>
        <translation>strict モードは &quot;allOf&quot; をサポートしていません: そのスキーマを手動で 1 つに統合してください。</translation>
    </message>
    <message>
        <source>Strict mode does not support the keyword &quot;%1&quot;: the request would be refused. Removing it loosens the schema; answers are still checked against it here.</source>
        <translation>strict モードはキーワード &quot;%1&quot; をサポートしていないため、リクエストは拒否されます。削除するとスキーマの制約が緩くなりますが、応答はこのアプリで引き続きこのスキーマに照らして検証されます。</translation>
    </message>
    <message>
        <source>Strict mode needs a &quot;type&quot; here (or &quot;anyOf&quot;, &quot;enum&quot;, &quot;const&quot; or &quot;$ref&quot;): a schema that allows anything is not supported.</source>
        <translation>strict モードではここに &quot;type&quot; (または &quot;anyOf&quot;、&quot;enum&quot;、&quot;const&quot;、&quot;$ref&quot;) が必要です: 何でも許可するスキーマはサポートされていません。</translation>
    </message>
    <message>
        <source>&quot;type&quot; must be a type name or a list of them.</source>
        <translation>&quot;type&quot; は型名または型名のリストである必要があります。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a type strict mode supports (string, number, integer, boolean, object, array, null).</source>
        <translation>&quot;%1&quot; は strict モードでサポートされている型 (string、number、integer、boolean、object、array、null) ではありません。</translation>
    </message>
    <message>
        <source>This schema has properties but no &quot;type&quot;: strict mode needs &quot;type&quot;: &quot;object&quot;.</source>
        <translation>このスキーマにはプロパティがありますが &quot;type&quot; がありません: strict モードでは &quot;type&quot;: &quot;object&quot; が必要です。</translation>
    </message>
    <message>
        <source>Objects are nested %1 levels deep here; strict mode allows at most %2.</source>
        <translation>ここではオブジェクトが %1 階層の深さにネストされています。strict モードで許可されるのは最大 %2 階層です。</translation>
    </message>
    <message>
        <source>Strict mode needs &quot;additionalProperties&quot;: false on every object, so that the answer has exactly the properties listed.</source>
        <translation>strict モードでは、応答が列挙されたプロパティだけを持つように、すべてのオブジェクトに &quot;additionalProperties&quot;: false が必要です。</translation>
    </message>
    <message>
        <source>Strict mode needs every property in &quot;required&quot;; &quot;%1&quot; is not. An optional property is written as required and nullable (its type allows null).</source>
        <translation>strict モードではすべてのプロパティを &quot;required&quot; に含める必要がありますが、&quot;%1&quot; が含まれていません。省略可能なプロパティは、必須かつ null 許容 (型で null を許可) として記述します。</translation>
    </message>
    <message>
        <source>This enum has %1 values of %2 characters in all; with more than %3 values strict mode allows at most %4 characters.</source>
        <translation>この enum には合計 %2 文字の値が %1 個あります。値が %3 個を超える場合、strict モードで許可されるのは最大 %4 文字です。</translation>
    </message>
    <message>
        <source>The schema has %1 object properties; strict mode allows at most %2.</source>
        <translation>スキーマにオブジェクトのプロパティが %1 個あります。strict モードで許可されるのは最大 %2 個です。</translation>
    </message>
    <message>
        <source>The schema has %1 enum values; strict mode allows at most %2.</source>
        <translation>スキーマに enum の値が %1 個あります。strict モードで許可されるのは最大 %2 個です。</translation>
    </message>
    <message>
        <source>Property names, definition names, enum and const values come to %1 characters; strict mode allows at most %2.</source>
        <translation>プロパティ名、定義名、enum と const の値が合計 %1 文字あります。strict モードで許可されるのは最大 %2 文字です。</translation>
    </message>
</context>
<context>
    <name>mantle::schema::StrictModeFinding</name>
    <message>
        <source>Set &quot;additionalProperties&quot; to false</source>
        <translation>&quot;additionalProperties&quot; を false に設定</translation>
    </message>
    <message>
        <source>Add &quot;%1&quot; to &quot;required&quot; and allow null for it</source>
        <translation>&quot;%1&quot; を &quot;required&quot; に追加して null を許可</translation>
    </message>
    <message>
        <source>Remove &quot;%1&quot;</source>
        <translation>&quot;%1&quot; を削除</translation>
    </message>
    <message>
        <source>Replace &quot;oneOf&quot; with &quot;anyOf&quot;</source>
        <translation>&quot;oneOf&quot; を &quot;anyOf&quot; に置き換え</translation>
    </message>
    <message>
        <source>Add &quot;type&quot;: &quot;object&quot;</source>
        <translation>&quot;type&quot;: &quot;object&quot; を追加</translation>
    </message>
</context>
<context>
    <name>mantle::sessions::Session</name>
    <message>
        <source>&quot;user&quot;, &quot;assistant&quot; or &quot;tool&quot;</source>
        <translation>&quot;user&quot;、&quot;assistant&quot;、&quot;tool&quot; のいずれか</translation>
    </message>
    <message>
        <source>User</source>
        <translation>ユーザー</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>アシスタント</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>システムプロンプト</translation>
    </message>
    <message>
        <source>New session</source>
        <translation>新しいセッション</translation>
    </message>
    <message>
        <source>This is not a Mantle Playground session: the field &quot;%1&quot; is not &quot;%2&quot;.</source>
        <translation>これは Mantle Playground のセッションではありません: フィールド &quot;%1&quot; が &quot;%2&quot; ではありません。</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is invalid: expected a whole number.</source>
        <translation>フィールド &quot;%1&quot; が無効です: 整数である必要があります。</translation>
    </message>
    <message>
        <source>This session was written by a newer version of the app (session format %1; this version reads up to %2), so it is left untouched.</source>
        <translation>このセッションは新しいバージョンのアプリで書き込まれたため (セッション形式 %1、このバージョンが読み込めるのは %2 まで)、変更せずにそのままにしています。</translation>
    </message>
    <message>
        <source>Update Mantle Playground to open it.</source>
        <translation>開くには Mantle Playground をアップデートしてください。</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is invalid: expected a session id (letters, digits and &apos;-&apos;).</source>
        <translation>フィールド &quot;%1&quot; が無効です: セッション ID (英字、数字、「-」) である必要があります。</translation>
    </message>
    <message>
        <source>Untitled session</source>
        <translation>無題のセッション</translation>
    </message>
    <message>
        <source>API: %1</source>
        <translation>API: %1</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>モデル: %1</translation>
    </message>
    <message>
        <source>Region: %1</source>
        <translation>リージョン: %1</translation>
    </message>
    <message>
        <source>Tool call `%1` (id `%2`):</source>
        <translation>ツール呼び出し `%1` (ID `%2`):</translation>
    </message>
    <message>
        <source>The answer failed: %1</source>
        <translation>応答に失敗しました: %1</translation>
    </message>
    <message>
        <source>Stopped before the answer was complete.</source>
        <translation>応答が完了する前に停止しました。</translation>
    </message>
    <message>
        <source>Tool result</source>
        <translation>ツールの結果</translation>
    </message>
    <message>
        <source>For the tool call `%1`:</source>
        <translation>ツール呼び出し `%1` への結果:</translation>
    </message>
    <message>
        <source>The tool reported an error.</source>
        <translation>ツールがエラーを報告しました。</translation>
    </message>
    <message>
        <source>The Markdown file has no conversation in it.</source>
        <translation>Markdown ファイルに会話が含まれていません。</translation>
    </message>
    <message>
        <source>Give each turn a heading: “## User” or “## Assistant”.</source>
        <translation>各ターンに見出し「## User」または「## Assistant」を付けてください。</translation>
    </message>
    <message>
        <source>%1 (fork)</source>
        <translation>%1 (フォーク)</translation>
    </message>
</context>
<context>
    <name>mantle::sessions::SessionStore</name>
    <message>
        <source>&quot;%1&quot; is not a session id.</source>
        <translation>&quot;%1&quot; はセッション ID ではありません。</translation>
    </message>
    <message>
        <source>Cannot open the session file &quot;%1&quot;: %2.</source>
        <translation>セッションファイル &quot;%1&quot; を開けません: %2。</translation>
    </message>
    <message>
        <source>%1 at byte %2</source>
        <translation>バイト %2 で %1</translation>
    </message>
    <message>
        <source>it is not a JSON object</source>
        <translation>JSON オブジェクトではありません</translation>
    </message>
    <message>
        <source>The session file &quot;%1&quot; is not valid JSON: %2.</source>
        <translation>セッションファイル &quot;%1&quot; が有効な JSON ではありません: %2。</translation>
    </message>
    <message>
        <source>The session file &quot;%1&quot; cannot be used: %2</source>
        <translation>セッションファイル &quot;%1&quot; は使用できません: %2</translation>
    </message>
    <message>
        <source>Cannot write the file &quot;%1&quot;: %2.</source>
        <translation>ファイル &quot;%1&quot; に書き込めません: %2。</translation>
    </message>
    <message>
        <source>Check that the folder exists, is writable and has free space.</source>
        <translation>フォルダーが存在し、書き込み可能で、空き容量があるか確認してください。</translation>
    </message>
    <message>
        <source>Cannot create the sessions folder &quot;%1&quot;.</source>
        <translation>セッションフォルダー &quot;%1&quot; を作成できません。</translation>
    </message>
    <message>
        <source>It is not overwritten.</source>
        <translation>上書きされません。</translation>
    </message>
    <message>
        <source>The session file &quot;%1&quot; does not exist.</source>
        <translation>セッションファイル &quot;%1&quot; は存在しません。</translation>
    </message>
    <message>
        <source>It is not deleted.</source>
        <translation>削除されません。</translation>
    </message>
    <message>
        <source>Move or delete the file yourself if you no longer need it.</source>
        <translation>不要になった場合は、ファイルを自分で移動または削除してください。</translation>
    </message>
    <message>
        <source>Cannot delete the session file &quot;%1&quot;: %2.</source>
        <translation>セッションファイル &quot;%1&quot; を削除できません: %2。</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1 (コピー)</translation>
    </message>
    <message>
        <source>Cannot read &quot;%1&quot;: %2.</source>
        <translation>&quot;%1&quot; を読み込めません: %2。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::AboutDialog</name>
    <message>
        <source>About Mantle Playground</source>
        <translation>Mantle Playground について</translation>
    </message>
    <message>
        <source>Mantle Playground %1</source>
        <translation>Mantle Playground %1</translation>
    </message>
    <message>
        <source>A desktop playground for Amazon Bedrock Mantle.</source>
        <translation>Amazon Bedrock Mantle 用のデスクトップ Playground です。</translation>
    </message>
    <message>
        <source>Qt %1 (built with Qt %2)</source>
        <translation>Qt %1 (Qt %2 でビルド)</translation>
    </message>
    <message>
        <source>%1 (built with %2)</source>
        <translation>%1 (%2 でビルド)</translation>
    </message>
    <message>
        <source>Licences:</source>
        <translation>ライセンス：</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1: %2 (%3)</translation>
    </message>
    <message>
        <source>The licence of Mantle Playground:</source>
        <translation>Mantle Playground のライセンス：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Mantle Playground&lt;/b&gt;&lt;br&gt;Version %1</source>
        <translation>&lt;b&gt;Mantle Playground&lt;/b&gt;&lt;br&gt;バージョン %1</translation>
    </message>
</context>
<context>
    <name>mantle::ui::AccountEditor</name>
    <message>
        <source>Add Account</source>
        <translation>アカウントを追加</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名前(&amp;N)：</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>リージョン</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>リージョン(&amp;R)：</translation>
    </message>
    <message>
        <source>Authentication method</source>
        <translation>認証方法</translation>
    </message>
    <message>
        <source>Access key</source>
        <translation>アクセスキー</translation>
    </message>
    <message>
        <source>Assumed role</source>
        <translation>ロールの引き受け</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API キー</translation>
    </message>
    <message>
        <source>&amp;Authentication:</source>
        <translation>認証(&amp;A)：</translation>
    </message>
    <message>
        <source>Access key ID</source>
        <translation>アクセスキー ID</translation>
    </message>
    <message>
        <source>Access key &amp;ID:</source>
        <translation>アクセスキー ID(&amp;I)：</translation>
    </message>
    <message>
        <source>Secret access key</source>
        <translation>シークレットアクセスキー</translation>
    </message>
    <message>
        <source>&amp;Secret access key:</source>
        <translation>シークレットアクセスキー(&amp;S)：</translation>
    </message>
    <message>
        <source>Session token</source>
        <translation>セッショントークン</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>省略可能</translation>
    </message>
    <message>
        <source>Session &amp;token:</source>
        <translation>セッショントークン(&amp;T)：</translation>
    </message>
    <message>
        <source>Role ARN</source>
        <translation>ロール ARN</translation>
    </message>
    <message>
        <source>Role &amp;ARN:</source>
        <translation>ロール ARN(&amp;A)：</translation>
    </message>
    <message>
        <source>External ID</source>
        <translation>外部 ID</translation>
    </message>
    <message>
        <source>E&amp;xternal ID:</source>
        <translation>外部 ID(&amp;X)：</translation>
    </message>
    <message>
        <source>Session name</source>
        <translation>セッション名</translation>
    </message>
    <message>
        <source>Session na&amp;me:</source>
        <translation>セッション名(&amp;M)：</translation>
    </message>
    <message>
        <source>Session duration in seconds</source>
        <translation>セッション時間 (秒)</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>&amp;Duration:</source>
        <translation>期間(&amp;D)：</translation>
    </message>
    <message>
        <source>Source of the credentials</source>
        <translation>認証情報のソース</translation>
    </message>
    <message>
        <source>Another account&apos;s keys</source>
        <translation>別のアカウントのキー</translation>
    </message>
    <message>
        <source>An AWS profile</source>
        <translation>AWS プロファイル</translation>
    </message>
    <message>
        <source>Credentials &amp;from:</source>
        <translation>認証情報の取得元(&amp;F)：</translation>
    </message>
    <message>
        <source>Source account</source>
        <translation>ソースアカウント</translation>
    </message>
    <message>
        <source>Source a&amp;ccount:</source>
        <translation>ソースアカウント(&amp;C)：</translation>
    </message>
    <message>
        <source>AWS profile</source>
        <translation>AWS プロファイル</translation>
    </message>
    <message>
        <source>AWS &amp;profile:</source>
        <translation>AWS プロファイル(&amp;P)：</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API キー(&amp;K)：</translation>
    </message>
    <message>
        <source>Endpoint override</source>
        <translation>エンドポイントの上書き</translation>
    </message>
    <message>
        <source>Optional: the region&apos;s Mantle endpoint</source>
        <translation>省略可能: リージョンの Mantle エンドポイント</translation>
    </message>
    <message>
        <source>&amp;Endpoint:</source>
        <translation>エンドポイント(&amp;E)：</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>メモ</translation>
    </message>
    <message>
        <source>N&amp;otes:</source>
        <translation>メモ(&amp;O)：</translation>
    </message>
    <message>
        <source>Edit Account</source>
        <translation>アカウントを編集</translation>
    </message>
    <message>
        <source>To change the authentication method, remove the account and add it again.</source>
        <translation>認証方法を変更するには、アカウントを削除してもう一度追加してください。</translation>
    </message>
    <message>
        <source>Unchanged (stored in the keychain)</source>
        <translation>変更なし (キーチェーンに保存済み)</translation>
    </message>
    <message>
        <source>There is already an account “%1”.</source>
        <translation>アカウント「%1」はすでに存在します。</translation>
    </message>
    <message>
        <source>The secret access key</source>
        <translation>シークレットアクセスキー</translation>
    </message>
    <message>
        <source>The session token</source>
        <translation>セッショントークン</translation>
    </message>
    <message>
        <source>The API key</source>
        <translation>API キー</translation>
    </message>
    <message>
        <source>%1 is required.</source>
        <translation>%1 は必須です。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::AccountsDialog</name>
    <message>
        <source>Access key</source>
        <translation>アクセスキー</translation>
    </message>
    <message>
        <source>Assumed role</source>
        <translation>ロールの引き受け</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API キー</translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation>認証情報</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>リージョン</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>リクエスト</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>アカウント</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>認証</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>追加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>編集(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>削除(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Import from AWS Profile</source>
        <translation>AWS プロファイルからインポート(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>接続テスト(&amp;T)</translation>
    </message>
    <message>
        <source>Checks the selected account&apos;s credentials, region, models and one tiny request.</source>
        <translation>選択したアカウントの認証情報、リージョン、モデルを確認し、小さなリクエストを 1 回送信します。</translation>
    </message>
    <message>
        <source>IAM &amp;Policy…</source>
        <translation>IAM ポリシー(&amp;P)…</translation>
    </message>
    <message>
        <source>Shows the least-privilege IAM policy the selected account needs, ready to copy.</source>
        <translation>選択したアカウントに必要な最小権限の IAM ポリシーを、コピーできる形で表示します。</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>接続テストの結果</translation>
    </message>
    <message>
        <source>Connection test steps</source>
        <translation>接続テストのステップ</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>詳細</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>コピー(&amp;C)</translation>
    </message>
    <message>
        <source>Broken</source>
        <translation>破損</translation>
    </message>
    <message>
        <source>Remove Account</source>
        <translation>アカウントを削除</translation>
    </message>
    <message>
        <source>Remove the account “%1” and its secrets from the keychain?</source>
        <translation>アカウント「%1」とそのシークレットをキーチェーンから削除しますか？</translation>
    </message>
    <message>
        <source>No AWS profiles found</source>
        <translation>AWS プロファイルが見つかりません</translation>
    </message>
    <message>
        <source>Imported the AWS profile as “%1”.</source>
        <translation>AWS プロファイルを「%1」としてインポートしました。</translation>
    </message>
    <message>
        <source>the IAM principal of account “%1”</source>
        <translation>アカウント「%1」の IAM プリンシパル</translation>
    </message>
    <message>
        <source>the IAM principal of AWS profile “%1”</source>
        <translation>AWS プロファイル「%1」の IAM プリンシパル</translation>
    </message>
    <message>
        <source>Testing “%1”…</source>
        <translation>「%1」をテストしています…</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>スキップ</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>対処</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>注</translation>
    </message>
    <message>
        <source>“%1” works.</source>
        <translation>「%1」は正常に動作しています。</translation>
    </message>
    <message>
        <source>“%1” does not work.</source>
        <translation>「%1」は動作していません。</translation>
    </message>
    <message>
        <source>“%1” does not work: the step “%2” failed.</source>
        <translation>「%1」は動作していません: ステップ「%2」が失敗しました。</translation>
    </message>
    <message>
        <source>Short-term API &amp;key…</source>
        <translation>短期 API キー(&amp;K)…</translation>
    </message>
    <message>
        <source>Makes a short-term Bedrock API key from the selected account&apos;s SigV4 credentials, to copy or to use for this session.</source>
        <translation>選択したアカウントの SigV4 の認証情報から短期 Bedrock API キーを生成します。キーはコピーしたり、このセッションで使用したりできます。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::AppOptions</name>
    <message>
        <source>mantle-playground: %1
Run “mantle-playground --help” for the options.</source>
        <translation>mantle-playground: %1
オプションは「mantle-playground --help」で確認できます。</translation>
    </message>
    <message>
        <source>A desktop playground for Amazon Bedrock Mantle.</source>
        <translation>Amazon Bedrock Mantle 用のデスクトップ Playground です。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>このヘルプを表示します。</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>バージョンを表示します。</translation>
    </message>
    <message>
        <source>Start with the demo account, served by the built-in local emulator.</source>
        <translation>組み込みのローカルエミュレーターが提供するデモアカウントで起動します。</translation>
    </message>
    <message>
        <source>Open the saved session FILE.</source>
        <translation>保存されたセッション FILE を開きます。</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
    <message>
        <source>Quit (exit code 0) as soon as the main window has been painted once; for start-up benchmarks and smoke checks.</source>
        <translation>メインウィンドウが一度描画されたらすぐに終了します (終了コード 0)。起動のベンチマークやスモークチェック用です。</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>予期しない引数「%1」です。</translation>
    </message>
    <message>
        <source>--session was given more than once; give one session file.</source>
        <translation>--session が複数回指定されました。セッションファイルは 1 つだけ指定してください。</translation>
    </message>
    <message>
        <source>--session needs the path of a session file.</source>
        <translation>--session にはセッションファイルのパスが必要です。</translation>
    </message>
    <message>
        <source>Use this language for this run instead of the one chosen in Preferences: %1, or “system”.</source>
        <translation>今回の実行では、環境設定で選択した言語の代わりにこの言語を使用します: %1、または「system」。</translation>
    </message>
    <message>
        <source>CODE</source>
        <translation>CODE</translation>
    </message>
    <message>
        <source>Check that the app works here (window, translations, the request pipeline against the built-in emulator), print what was checked and exit: 0 when all works, 1 when not.</source>
        <translation>この環境でアプリが動作するか (ウィンドウ、翻訳、組み込みエミュレーターに対するリクエスト処理) をチェックし、チェック内容を出力して終了します: すべて動作すれば 0、そうでなければ 1 を返します。</translation>
    </message>
    <message>
        <source>there is no language “%1”; choose one of %2, or “system”.</source>
        <translation>言語「%1」はありません。%2 または「system」から選択してください。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ChainView</name>
    <message>
        <source>Answer</source>
        <translation>応答</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>セッション</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>トークン</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>コスト</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>送信</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>ステータス</translation>
    </message>
    <message>
        <source>Each answer follows the one it continues; a branch (a fork, or an answer continued twice) is indented under the answer it starts from.</source>
        <translation>各応答は、それが続ける応答の下に並びます。分岐 (フォーク、または 2 回続けられた応答) は、起点となる応答の下にインデントして表示されます。</translation>
    </message>
    <message>
        <source>Stored responses are kept for 30 days in the region of the request.</source>
        <translation>保存済みレスポンスは、リクエストのリージョンに 30 日間保持されます。</translation>
    </message>
    <message>
        <source>Continue from here</source>
        <translation>ここから続ける</translation>
    </message>
    <message>
        <source>Fork here</source>
        <translation>ここでフォーク</translation>
    </message>
    <message>
        <source>Retrieve</source>
        <translation>取得</translation>
    </message>
    <message>
        <source>Delete stored response</source>
        <translation>保存済みレスポンスを削除</translation>
    </message>
    <message>
        <source>Poll status</source>
        <translation>ステータスを確認</translation>
    </message>
    <message>
        <source>Cancel background response</source>
        <translation>バックグラウンドのレスポンスをキャンセル</translation>
    </message>
    <message>
        <source>resp_…</source>
        <translation>resp_…</translation>
    </message>
    <message>
        <source>Response ID:</source>
        <translation>レスポンス ID：</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>A retrieved response is shown here.</source>
        <translation>取得したレスポンスがここに表示されます。</translation>
    </message>
    <message>
        <source>No answers yet: the answers of saved sessions appear here.</source>
        <translation>まだ応答はありません: 保存されたセッションの応答がここに表示されます。</translation>
    </message>
    <message>
        <source>Answer %1</source>
        <translation>応答 %1</translation>
    </message>
    <message>
        <source>%1 in · %2 out</source>
        <translation>入力 %1 · 出力 %2</translation>
    </message>
    <message>
        <source>$%1</source>
        <translation>$%1</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>削除済み</translation>
    </message>
    <message>
        <source>stored</source>
        <translation>保存済み</translation>
    </message>
    <message>
        <source>local only</source>
        <translation>ローカルのみ</translation>
    </message>
    <message>
        <source>Kept by Mantle in %1 under its response id.</source>
        <translation>Mantle が %1 にレスポンス ID で保持しています。</translation>
    </message>
    <message>
        <source>Kept only in this app&apos;s history: continuing re-sends the conversation.</source>
        <translation>このアプリの履歴にのみ保持されています: 続けると会話全体を再送信します。</translation>
    </message>
    <message numerus="yes">
        <source>%n new message(s) + previous response</source>
        <translation>
            <numerusform>%n 件の新しいメッセージ + 前のレスポンス</numerusform>
        </translation>
    </message>
    <message>
        <source>Sent with previous_response_id %1; the earlier turns stayed on the server.</source>
        <translation>previous_response_id %1 付きで送信しました。以前のターンはサーバー上に残っています。</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) re-sent</source>
        <translation>
            <numerusform>%n 件のメッセージを再送信</numerusform>
        </translation>
    </message>
    <message>
        <source>The whole conversation was sent with the request.</source>
        <translation>会話全体をリクエストと一緒に送信しました。</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>Enter a response id (resp_…).</source>
        <translation>レスポンス ID (resp_…) を入力してください。</translation>
    </message>
    <message>
        <source>Delete the stored response %1 from Mantle? Answers that continue from it can no longer be continued by its id.</source>
        <translation>保存済みレスポンス %1 を Mantle から削除しますか？このレスポンスから続く応答は、その ID で続けられなくなります。</translation>
    </message>
    <message>
        <source>Not connected to any account.</source>
        <translation>どのアカウントにも接続していません。</translation>
    </message>
    <message>
        <source>Deleting %1…</source>
        <translation>%1 を削除しています…</translation>
    </message>
    <message>
        <source>Retrieving %1…</source>
        <translation>%1 を取得しています…</translation>
    </message>
    <message>
        <source>Deleted %1.</source>
        <translation>%1 を削除しました。</translation>
    </message>
    <message>
        <source>%1 is not stored: it was deleted, has expired (after 30 days) or was made in another region or account.</source>
        <translation>%1 は保存されていません: 削除されたか、期限切れ (30 日経過) か、別のリージョンまたはアカウントで作成されました。</translation>
    </message>
    <message>
        <source>Response %1: %2</source>
        <translation>レスポンス %1: %2</translation>
    </message>
    <message>
        <source>Following the background response %1…</source>
        <translation>バックグラウンドのレスポンス %1 を追跡しています…</translation>
    </message>
    <message>
        <source>Background response %1: %2</source>
        <translation>バックグラウンドのレスポンス %1: %2</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CodeExportDialog</name>
    <message>
        <source>Export as Code</source>
        <translation>コードとしてエクスポート</translation>
    </message>
    <message>
        <source>%1 request to %2, sent to %3</source>
        <translation>%2 への %1 リクエスト (送信先: %3)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>コード</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>コピー(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the code to the clipboard</source>
        <translation>コードをクリップボードにコピー</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>保存(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the code to a file</source>
        <translation>コードをファイルに保存</translation>
    </message>
    <message>
        <source>No language can express a request of this kind (%1).</source>
        <translation>この種類のリクエスト (%1) を表現できる言語はありません。</translation>
    </message>
    <message>
        <source>This request cannot be written as %1: %2</source>
        <translation>このリクエストは %1 として記述できません: %2</translation>
    </message>
    <message>
        <source>Reads the Bedrock API key from the environment variable %1 when it runs.</source>
        <translation>実行時に環境変数 %1 から Bedrock API キーを読み込みます。</translation>
    </message>
    <message>
        <source>Signs with SigV4 using botocore&apos;s credentials: %1, %2 and %3, or the profile named by %4.</source>
        <translation>botocore の認証情報 (%1、%2、%3、または %4 で指定したプロファイル) を使って SigV4 で署名します。</translation>
    </message>
    <message>
        <source>Signs with SigV4 (curl 7.75 or newer) using %1 and %2, and %3 for temporary credentials.</source>
        <translation>%1 と %2 (一時的な認証情報の場合は %3 も) を使って SigV4 で署名します (curl 7.75 以降)。</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>コピーしました。</translation>
    </message>
    <message>
        <source>There is no code to save.</source>
        <translation>保存するコードがありません。</translation>
    </message>
    <message>
        <source>Cannot write the file “%1”: %2.</source>
        <translation>ファイル「%1」に書き込めません: %2。</translation>
    </message>
    <message>
        <source>Saved “%1”, but could not make it executable.</source>
        <translation>「%1」を保存しましたが、実行可能にできませんでした。</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>%1 に保存しました。</translation>
    </message>
    <message>
        <source>Save Code</source>
        <translation>コードを保存</translation>
    </message>
    <message>
        <source>Python programs (*.py)</source>
        <translation>Python プログラム (*.py)</translation>
    </message>
    <message>
        <source>JavaScript and TypeScript modules (*.mjs *.js *.ts)</source>
        <translation>JavaScript および TypeScript モジュール (*.mjs *.js *.ts)</translation>
    </message>
    <message>
        <source>Shell scripts (*.sh)</source>
        <translation>シェルスクリプト (*.sh)</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CompareColumn</name>
    <message>
        <source>Reasoning</source>
        <translation>推論</translation>
    </message>
    <message>
        <source>Answer of %1</source>
        <translation>%1 の応答</translation>
    </message>
    <message>
        <source>Continue with This</source>
        <translation>これで続ける</translation>
    </message>
    <message>
        <source>Open a new session with this target, the prompt and this answer</source>
        <translation>このターゲット、プロンプト、この応答で新しいセッションを開きます</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>待機中</translation>
    </message>
    <message>
        <source>streaming</source>
        <translation>ストリーミング中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>Tool call: %1(%2)</source>
        <translation>ツール呼び出し: %1(%2)</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CompareTableModel</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>ターゲット</translation>
    </message>
    <message>
        <source>TTFT</source>
        <translation>TTFT</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>トークン/秒</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合計</translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation>入力トークン</translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation>出力トークン</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>コスト</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CompareTargetRow</name>
    <message>
        <source>Account</source>
        <translation>アカウント</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>リージョン</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Remove this target</source>
        <translation>このターゲットを削除</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CompareWindow</name>
    <message>
        <source>Compare</source>
        <translation>比較</translation>
    </message>
    <message>
        <source>&amp;Side by Side</source>
        <translation>並べて比較(&amp;S)</translation>
    </message>
    <message>
        <source>Across &amp;APIs</source>
        <translation>API 間比較(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Regions</source>
        <translation>リージョン(&amp;R)</translation>
    </message>
    <message>
        <source>The first target is now %1.</source>
        <translation>最初のターゲットが %1 になりました。</translation>
    </message>
    <message>
        <source>The session was saved but could not be opened now: stop the answer that is streaming first.</source>
        <translation>セッションは保存されましたが、今は開けません: 先にストリーミング中の応答を停止してください。</translation>
    </message>
    <message>
        <source>&amp;Prompt:</source>
        <translation>プロンプト(&amp;P)：</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>プロンプト</translation>
    </message>
    <message>
        <source>Targets (account, region, model, API):</source>
        <translation>ターゲット (アカウント、リージョン、モデル、API)：</translation>
    </message>
    <message>
        <source>A&amp;dd Target</source>
        <translation>ターゲットを追加(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>実行(&amp;R)</translation>
    </message>
    <message>
        <source>Send the prompt to every target at once (Ctrl+Enter)</source>
        <translation>すべてのターゲットにプロンプトを同時に送信 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>S&amp;ync scrolling</source>
        <translation>スクロールを同期(&amp;Y)</translation>
    </message>
    <message>
        <source>Comparison table</source>
        <translation>比較表</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>CSV をエクスポート(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Copy as CSV</source>
        <translation>CSV としてコピー(&amp;C)</translation>
    </message>
    <message>
        <source>Co&amp;ntinue with This</source>
        <translation>これで続ける(&amp;N)</translation>
    </message>
    <message>
        <source>Open a new session with the selected row&apos;s target, the prompt and its answer</source>
        <translation>選択した行のターゲット、プロンプト、その応答で新しいセッションを開きます</translation>
    </message>
    <message>
        <source>Type a prompt first.</source>
        <translation>先にプロンプトを入力してください。</translation>
    </message>
    <message>
        <source>Choose a model for every target.</source>
        <translation>すべてのターゲットでモデルを選択してください。</translation>
    </message>
    <message>
        <source>Every target answered.</source>
        <translation>すべてのターゲットが応答しました。</translation>
    </message>
    <message numerus="yes">
        <source>Done; %n target(s) failed.</source>
        <translation>
            <numerusform>完了しました。%n 個のターゲットが失敗しました。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sending to %n target(s)…</source>
        <translation>
            <numerusform>%n 個のターゲットに送信しています…</numerusform>
        </translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2</source>
        <translation>「%1」に書き込めません: %2</translation>
    </message>
    <message>
        <source>Export Comparison</source>
        <translation>比較結果をエクスポート</translation>
    </message>
    <message>
        <source>comparison.csv</source>
        <translation>comparison.csv</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>%1 にエクスポートしました。</translation>
    </message>
    <message>
        <source>Copied the table as CSV.</source>
        <translation>表を CSV としてコピーしました。</translation>
    </message>
    <message>
        <source>That target has not answered yet.</source>
        <translation>そのターゲットはまだ応答していません。</translation>
    </message>
    <message>
        <source>Select a row of the table first.</source>
        <translation>先に表の行を選択してください。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ConversationView</name>
    <message>
        <source>Conversation</source>
        <translation>会話</translation>
    </message>
    <message>
        <source>The prompts and answers of this session. Up and Down select an item; the context menu copies, edits, deletes or re-runs it; Ctrl+C copies the selected item&apos;s text.</source>
        <translation>このセッションのプロンプトと応答です。上下キーで項目を選択し、コンテキストメニューでコピー、編集、削除、再実行ができます。Ctrl+C で選択した項目のテキストをコピーします。</translation>
    </message>
    <message>
        <source>Copy Text</source>
        <translation>テキストをコピー</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>編集…</translation>
    </message>
    <message>
        <source>Re-run from Here</source>
        <translation>ここから再実行</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CostChart</name>
    <message>
        <source>Cost chart</source>
        <translation>コストのグラフ</translation>
    </message>
    <message numerus="yes">
        <source>%n bars, %1 USD in all</source>
        <translation>
            <numerusform>%n 本のバー、合計 %1 USD</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 to %2: %3 USD, %4 tokens</source>
        <translation>%1〜%2: %3 USD、%4 トークン</translation>
    </message>
    <message numerus="yes">
        <source>%n answer(s) without a price</source>
        <translation>
            <numerusform>料金不明の応答 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>Cost (%1)</source>
        <translation>コスト (%1)</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>トークン</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CostTableModel</name>
    <message>
        <source>No price</source>
        <translation>料金なし</translation>
    </message>
    <message>
        <source>Catalogue</source>
        <translation>カタログ</translation>
    </message>
    <message>
        <source>Catalogue (%1)</source>
        <translation>カタログ (%1)</translation>
    </message>
    <message>
        <source>Private</source>
        <translation>独自</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>記録なし</translation>
    </message>
    <message>
        <source>unpriced</source>
        <translation>料金不明</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Part of the output tokens, and billed with them.</source>
        <translation>出力トークンの一部で、出力トークンとして課金されます。</translation>
    </message>
    <message>
        <source>The model had no known price when this answer came.</source>
        <translation>この応答の受信時、モデルの料金は不明でした。</translation>
    </message>
    <message>
        <source>%1 (this answer kept its total only)</source>
        <translation>%1 (この応答は合計のみ保持しています)</translation>
    </message>
    <message>
        <source>No price was known for this model.</source>
        <translation>このモデルの料金は不明でした。</translation>
    </message>
    <message>
        <source>Priced by an earlier version, which did not keep the prices it used.</source>
        <translation>以前のバージョンで計算されたもので、使用した料金は保持されていません。</translation>
    </message>
    <message>
        <source>Your own prices for this model.</source>
        <translation>このモデルに設定した独自の料金です。</translation>
    </message>
    <message>
        <source>The catalogue&apos;s list prices.</source>
        <translation>カタログの定価です。</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation>ソース: %1</translation>
    </message>
    <message>
        <source>As of: %1</source>
        <translation>時点: %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>入力</translation>
    </message>
    <message>
        <source>Cached</source>
        <translation>キャッシュ済み</translation>
    </message>
    <message>
        <source>Cache write</source>
        <translation>キャッシュ書き込み</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>出力</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>推論</translation>
    </message>
    <message>
        <source>Input cost</source>
        <translation>入力コスト</translation>
    </message>
    <message>
        <source>Cached cost</source>
        <translation>キャッシュ済みコスト</translation>
    </message>
    <message>
        <source>Cache write cost</source>
        <translation>キャッシュ書き込みコスト</translation>
    </message>
    <message>
        <source>Output cost</source>
        <translation>出力コスト</translation>
    </message>
    <message>
        <source>Total (USD)</source>
        <translation>合計 (USD)</translation>
    </message>
    <message>
        <source>Prices</source>
        <translation>料金</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CostView</name>
    <message>
        <source>Costs</source>
        <translation>コスト</translation>
    </message>
    <message>
        <source>This session:</source>
        <translation>このセッション：</translation>
    </message>
    <message>
        <source>This account:</source>
        <translation>このアカウント：</translation>
    </message>
    <message>
        <source>Today:</source>
        <translation>今日：</translation>
    </message>
    <message>
        <source>All sessions:</source>
        <translation>全セッション：</translation>
    </message>
    <message>
        <source>Per answer</source>
        <translation>応答ごと</translation>
    </message>
    <message>
        <source>Cost and tokens of each answer of this session</source>
        <translation>このセッションの各応答のコストとトークン</translation>
    </message>
    <message>
        <source>Last %1 days</source>
        <translation>過去 %1 日間</translation>
    </message>
    <message>
        <source>Cost and tokens per day over every session</source>
        <translation>全セッションの 1 日あたりのコストとトークン</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV をエクスポート…</translation>
    </message>
    <message>
        <source>Export the cost ledger as CSV</source>
        <translation>コスト台帳を CSV としてエクスポート</translation>
    </message>
    <message>
        <source>Every answer of every session, with its tokens, cost and price source</source>
        <translation>全セッションのすべての応答と、そのトークン、コスト、料金のソース</translation>
    </message>
    <message>
        <source>Cost of each answer</source>
        <translation>各応答のコスト</translation>
    </message>
    <message>
        <source>Cannot write the file &quot;%1&quot;: %2.</source>
        <translation>ファイル &quot;%1&quot; に書き込めません: %2。</translation>
    </message>
    <message>
        <source>The costs could not be exported: %1</source>
        <translation>コストをエクスポートできませんでした: %1</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>%1 にエクスポートしました。</translation>
    </message>
    <message>
        <source>Export Costs</source>
        <translation>コストをエクスポート</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV ファイル (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>%1 USD · %n answer(s)</source>
        <translation>
            <numerusform>%1 USD · 応答 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 tokens in, %2 out</source>
        <translation>入力 %1 トークン、出力 %2 トークン</translation>
    </message>
    <message numerus="yes">
        <source>%n without a price</source>
        <translation>
            <numerusform>料金不明 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>(reading the other sessions…)</source>
        <translation>(他のセッションを読み込んでいます…)</translation>
    </message>
    <message>
        <source>Account %1:</source>
        <translation>アカウント %1：</translation>
    </message>
    <message>
        <source>%1 USD</source>
        <translation>%1 USD</translation>
    </message>
    <message>
        <source>no price</source>
        <translation>料金なし</translation>
    </message>
    <message>
        <source>Answer %1 (%2), %3
%4, %5 tokens</source>
        <translation>応答 %1 (%2)、%3
%4、%5 トークン</translation>
    </message>
    <message>
        <source>No answer of this session has reported its usage yet.</source>
        <translation>このセッションの応答は、まだ使用量を報告していません。</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2 USD, %n answer(s), %3 tokens</source>
        <translation>
            <numerusform>%1: %2 USD、応答 %n 件、%3 トークン</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mantle::ui::CrossApiView</name>
    <message>
        <source>&amp;Model:</source>
        <translation>モデル(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Run All APIs</source>
        <translation>すべての API で実行(&amp;R)</translation>
    </message>
    <message>
        <source>Send the request through every API the model serves</source>
        <translation>モデルが対応するすべての API でリクエストを送信します</translation>
    </message>
    <message>
        <source>Choose a model.</source>
        <translation>モデルを選択してください。</translation>
    </message>
    <message>
        <source>Loading the models…</source>
        <translation>モデルを読み込んでいます…</translation>
    </message>
    <message>
        <source>The model list does not say which APIs this model serves.</source>
        <translation>モデル一覧には、このモデルがどの API に対応しているかが示されていません。</translation>
    </message>
    <message numerus="yes">
        <source>%n API(s) serve this model. The payloads below are what each would send.</source>
        <translation>
            <numerusform>このモデルに対応する API は %n 個です。以下は各 API が送信するペイロードです。</numerusform>
        </translation>
    </message>
    <message>
        <source>Payload for %1</source>
        <translation>%1 のペイロード</translation>
    </message>
    <message>
        <source>Raw usage</source>
        <translation>使用量 (生データ)</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>応答</translation>
    </message>
    <message>
        <source>Not sent yet.</source>
        <translation>まだ送信していません。</translation>
    </message>
    <message>
        <source>This request cannot be sent: %1</source>
        <translation>このリクエストは送信できません: %1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>No API to send to: choose a model the list knows.</source>
        <translation>送信先の API がありません: 一覧にあるモデルを選択してください。</translation>
    </message>
    <message>
        <source>Every API answered or failed; usage is shown as each reported it.</source>
        <translation>すべての API が応答したか、失敗しました。使用量は各 API が報告したとおりに表示しています。</translation>
    </message>
    <message>
        <source>Waiting…</source>
        <translation>待機しています…</translation>
    </message>
    <message numerus="yes">
        <source>Sending through %n API(s)…</source>
        <translation>
            <numerusform>%n 個の API で送信しています…</numerusform>
        </translation>
    </message>
    <message>
        <source>not reported</source>
        <translation>報告なし</translation>
    </message>
    <message>
        <source>Input %1 · output %2 · cached %3 · reasoning %4</source>
        <translation>入力 %1 · 出力 %2 · キャッシュ済み %3 · 推論 %4</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>エラー: %1</translation>
    </message>
    <message>
        <source>No usage reported.</source>
        <translation>使用量は報告されていません。</translation>
    </message>
    <message>
        <source>Streaming…</source>
        <translation>ストリーミング中…</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
</context>
<context>
    <name>mantle::ui::DemoDriver</name>
    <message>
        <source>The window has no page for this API.</source>
        <translation>ウィンドウにこの API のページがありません。</translation>
    </message>
    <message>
        <source>The model list does not offer %1.</source>
        <translation>モデル一覧に %1 がありません。</translation>
    </message>
    <message>
        <source>No answer within %1 ms.</source>
        <translation>%1 ms 以内に応答がありませんでした。</translation>
    </message>
    <message>
        <source>The answer was empty.</source>
        <translation>応答が空でした。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::IamPolicyDialog</name>
    <message>
        <source>Allow subscribing to third-party (Marketplace) models</source>
        <translation>サードパーティ (Marketplace) モデルのサブスクライブを許可</translation>
    </message>
    <message>
        <source>Identity policy</source>
        <translation>アイデンティティポリシー</translation>
    </message>
    <message>
        <source>IAM Policy for “%1”</source>
        <translation>「%1」の IAM ポリシー</translation>
    </message>
    <message>
        <source>Attach it to the IAM user that owns the API key.</source>
        <translation>API キーを所有する IAM ユーザーにアタッチしてください。</translation>
    </message>
    <message>
        <source>Attach it to the role %1.</source>
        <translation>ロール %1 にアタッチしてください。</translation>
    </message>
    <message>
        <source>Attach it to the IAM user or role of the access key.</source>
        <translation>アクセスキーの IAM ユーザーまたはロールにアタッチしてください。</translation>
    </message>
    <message>
        <source>The least-privilege policy for this account in %1: only what Mantle Playground needs. %2</source>
        <translation>%1 でこのアカウントに必要な最小権限のポリシーです (Mantle Playground に必要な権限のみ)。%2</translation>
    </message>
    <message>
        <source>AWS account id</source>
        <translation>AWS アカウント ID</translation>
    </message>
    <message>
        <source>12 digits; empty: any account (*)</source>
        <translation>12 桁。空欄の場合は任意のアカウント (*)</translation>
    </message>
    <message>
        <source>AWS &amp;account id:</source>
        <translation>AWS アカウント ID(&amp;A)：</translation>
    </message>
    <message>
        <source>An AWS account id has 12 digits.</source>
        <translation>AWS アカウント ID は 12 桁です。</translation>
    </message>
    <message>
        <source>Identity policy:</source>
        <translation>アイデンティティポリシー：</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>コピー(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the identity policy&apos;s JSON (it holds no secret).</source>
        <translation>アイデンティティポリシーの JSON をコピーします (シークレットは含まれません)。</translation>
    </message>
    <message>
        <source>Trust policy</source>
        <translation>信頼ポリシー</translation>
    </message>
    <message>
        <source>Trust policy of the role (who may assume it):</source>
        <translation>ロールの信頼ポリシー (ロールを引き受けることができるプリンシパル)：</translation>
    </message>
    <message>
        <source>Copy &amp;Trust Policy</source>
        <translation>信頼ポリシーをコピー(&amp;T)</translation>
    </message>
    <message>
        <source>Use the policy above to grant only what the playground needs, for this region; attach the managed policy when you would rather have AWS keep the permissions up to date as Mantle changes, or when several regions and tools share the principal.</source>
        <translation>このリージョンで Playground に必要な権限だけを付与するには、上記のポリシーを使用してください。Mantle の変更に合わせて AWS に権限を最新に保ってもらいたい場合や、複数のリージョンやツールでプリンシパルを共有する場合は、管理ポリシーをアタッチしてください。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::InspectorView</name>
    <message>
        <source>Header</source>
        <translation>ヘッダー</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Select an answer to see its request.</source>
        <translation>応答を選択すると、そのリクエストが表示されます。</translation>
    </message>
    <message>
        <source>Request inspector</source>
        <translation>リクエストインスペクター</translation>
    </message>
    <message>
        <source>Request summary</source>
        <translation>リクエストの概要</translation>
    </message>
    <message>
        <source>Request, response and timing</source>
        <translation>リクエスト、レスポンス、タイミング</translation>
    </message>
    <message>
        <source>&amp;Request</source>
        <translation>リクエスト(&amp;R)</translation>
    </message>
    <message>
        <source>Res&amp;ponse</source>
        <translation>レスポンス(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Timing</source>
        <translation>タイミング(&amp;T)</translation>
    </message>
    <message>
        <source>Method and URL</source>
        <translation>メソッドと URL</translation>
    </message>
    <message>
        <source>Copy as c&amp;url</source>
        <translation>curl としてコピー(&amp;U)</translation>
    </message>
    <message>
        <source>Copy this request as a curl command that reads the credentials from the environment</source>
        <translation>このリクエストを、環境変数から認証情報を読み込む curl コマンドとしてコピーします</translation>
    </message>
    <message>
        <source>E&amp;xport as code…</source>
        <translation>コードとしてエクスポート(&amp;X)…</translation>
    </message>
    <message>
        <source>Show this request as a Python, TypeScript or curl program</source>
        <translation>このリクエストを Python、TypeScript、curl のプログラムとして表示します</translation>
    </message>
    <message>
        <source>Request headers</source>
        <translation>リクエストヘッダー</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>本文</translation>
    </message>
    <message>
        <source>Ra&amp;w</source>
        <translation>Raw(&amp;W)</translation>
    </message>
    <message>
        <source>Show the exact request bytes</source>
        <translation>リクエストのバイト列をそのまま表示</translation>
    </message>
    <message>
        <source>Show the body byte for byte as it was sent, not indented.</source>
        <translation>本文をインデントせず、送信したとおりのバイト列で表示します。</translation>
    </message>
    <message>
        <source>Request body</source>
        <translation>リクエスト本文</translation>
    </message>
    <message>
        <source>No body</source>
        <translation>本文なし</translation>
    </message>
    <message>
        <source>Response status</source>
        <translation>レスポンスステータス</translation>
    </message>
    <message>
        <source>Response headers</source>
        <translation>レスポンスヘッダー</translation>
    </message>
    <message>
        <source>Server-sent events</source>
        <translation>サーバー送信イベント</translation>
    </message>
    <message>
        <source>Data of the selected event</source>
        <translation>選択したイベントのデータ</translation>
    </message>
    <message>
        <source>Select an event to see its data.</source>
        <translation>イベントを選択すると、そのデータが表示されます。</translation>
    </message>
    <message>
        <source>R&amp;aw</source>
        <translation>Raw(&amp;A)</translation>
    </message>
    <message>
        <source>Show the exact response bytes</source>
        <translation>レスポンスのバイト列をそのまま表示</translation>
    </message>
    <message>
        <source>Show the body byte for byte as it arrived, not indented.</source>
        <translation>本文をインデントせず、受信したとおりのバイト列で表示します。</translation>
    </message>
    <message>
        <source>Response body</source>
        <translation>レスポンス本文</translation>
    </message>
    <message>
        <source>Attempts:</source>
        <translation>試行：</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>試行</translation>
    </message>
    <message>
        <source>Route prefix:</source>
        <translation>ルートのプレフィックス：</translation>
    </message>
    <message>
        <source>Route prefix</source>
        <translation>ルートのプレフィックス</translation>
    </message>
    <message>
        <source>Time to first byte:</source>
        <translation>最初のバイトまでの時間：</translation>
    </message>
    <message>
        <source>Time to first byte</source>
        <translation>最初のバイトまでの時間</translation>
    </message>
    <message>
        <source>Time to first token:</source>
        <translation>最初のトークンまでの時間：</translation>
    </message>
    <message>
        <source>Time to first token</source>
        <translation>最初のトークンまでの時間</translation>
    </message>
    <message>
        <source>Total:</source>
        <translation>合計：</translation>
    </message>
    <message>
        <source>Total time</source>
        <translation>合計時間</translation>
    </message>
    <message>
        <source>Tokens per second:</source>
        <translation>1 秒あたりのトークン数：</translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation>1 秒あたりのトークン数</translation>
    </message>
    <message>
        <source>Error:</source>
        <translation>エラー：</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>Truncated:</source>
        <translation>切り捨て：</translation>
    </message>
    <message>
        <source>Truncated</source>
        <translation>切り捨て</translation>
    </message>
    <message>
        <source>Waiting for the answer…</source>
        <translation>応答を待っています…</translation>
    </message>
    <message>
        <source>No answer arrived.</source>
        <translation>応答が届きませんでした。</translation>
    </message>
    <message>
        <source>Status %1</source>
        <translation>ステータス %1</translation>
    </message>
    <message>
        <source>%1 · request id %2</source>
        <translation>%1 · リクエスト ID %2</translation>
    </message>
    <message>
        <source>%1 (retries: %2)</source>
        <translation>%1 (再試行: %2)</translation>
    </message>
    <message>
        <source>%1 (switched after a wrong-prefix answer)</source>
        <translation>%1 (誤ったプレフィックスの応答の後に切り替え)</translation>
    </message>
    <message>
        <source>running…</source>
        <translation>実行中…</translation>
    </message>
    <message>
        <source>None</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Yes: only the first %1 events and %2 MB of body were kept.</source>
        <translation>はい: 最初の %1 件のイベントと %2 MB の本文だけを保持しました。</translation>
    </message>
    <message>
        <source>No</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <source>streaming, %1 events so far</source>
        <translation>ストリーミング中、これまでに %1 件のイベント</translation>
    </message>
    <message>
        <source>%1 ms in total</source>
        <translation>合計 %1 ms</translation>
    </message>
    <message>
        <source>first token after %1 ms</source>
        <translation>%1 ms 後に最初のトークン</translation>
    </message>
    <message>
        <source>retries: %1</source>
        <translation>再試行: %1</translation>
    </message>
    <message>
        <source>route switched to %1</source>
        <translation>ルートを %1 に切り替え</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>失敗: %1</translation>
    </message>
    <message>
        <source>truncated</source>
        <translation>切り捨て</translation>
    </message>
</context>
<context>
    <name>mantle::ui::MainWindow</name>
    <message>
        <source>Mantle Playground</source>
        <translation>Mantle Playground</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>準備完了</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>アカウント</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>リージョン</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Ask the region again for its models</source>
        <translation>リージョンにモデルをもう一度問い合わせます</translation>
    </message>
    <message>
        <source>Refresh models</source>
        <translation>モデルを更新</translation>
    </message>
    <message>
        <source>Demo: offline, answered by the built-in emulator</source>
        <translation>デモ: オフライン、組み込みエミュレーターが応答</translation>
    </message>
    <message>
        <source>The “%1” account answers from the Mantle emulator built into the app: no AWS account, no network, no cost. Add your own account with File &gt; Accounts….</source>
        <translation>「%1」アカウントには、アプリに組み込まれた Mantle エミュレーターが応答します: AWS アカウントもネットワークも不要で、コストもかかりません。自分のアカウントは「ファイル &gt; アカウント…」で追加できます。</translation>
    </message>
    <message>
        <source>&amp;Account:</source>
        <translation>アカウント(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>リージョン(&amp;R)：</translation>
    </message>
    <message>
        <source>M&amp;odel:</source>
        <translation>モデル(&amp;O)：</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>セッション</translation>
    </message>
    <message>
        <source>Request Inspector</source>
        <translation>リクエストインスペクター</translation>
    </message>
    <message>
        <source>Select an answer to see the request that was sent.</source>
        <translation>応答を選択すると、送信されたリクエストが表示されます。</translation>
    </message>
    <message>
        <source>Select an answer to export its request.</source>
        <translation>リクエストをエクスポートする応答を選択してください。</translation>
    </message>
    <message>
        <source>Demo mode: the “%1” account answers from the emulator built into the app.</source>
        <translation>デモモード: 「%1」アカウントには、アプリに組み込まれたエミュレーターが応答します。</translation>
    </message>
    <message>
        <source>No account: File &gt; Accounts…</source>
        <translation>アカウントなし: ファイル &gt; アカウント…</translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation>%1 にモデルを問い合わせています…</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) for this surface.</source>
        <translation>
            <numerusform>この API 形式のモデル: %n 個。</numerusform>
        </translation>
    </message>
    <message>
        <source>The live model list could not be fetched, so the catalogue&apos;s models show: %1</source>
        <translation>ライブのモデル一覧を取得できなかったため、カタログのモデルを表示しています: %1</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1
Surfaces: %2</source>
        <translation>%1
API 形式: %2</translation>
    </message>
    <message>
        <source>No model of this account serves %1</source>
        <translation>このアカウントには %1 を提供するモデルがありません</translation>
    </message>
    <message>
        <source>This session uses an API the playground does not show.</source>
        <translation>このセッションは、プレイグラウンドで表示しない API を使用しています。</translation>
    </message>
    <message>
        <source>Stop the answer that is streaming before opening another session.</source>
        <translation>別のセッションを開く前に、ストリーミング中の応答を停止してください。</translation>
    </message>
    <message>
        <source>Cannot open the session “%1”: %2</source>
        <translation>セッション「%1」を開けません: %2</translation>
    </message>
    <message>
        <source>Cannot open the session “%1” now.</source>
        <translation>現在、セッション「%1」を開けません。</translation>
    </message>
    <message>
        <source>Opened the session “%1”; changes are saved in the app&apos;s sessions.</source>
        <translation>セッション「%1」を開きました。変更はアプリのセッションに保存されます。</translation>
    </message>
    <message>
        <source>Stop the answer that is streaming before starting a new session.</source>
        <translation>新しいセッションを開始する前に、ストリーミング中の応答を停止してください。</translation>
    </message>
    <message>
        <source>New session.</source>
        <translation>新しいセッション。</translation>
    </message>
    <message>
        <source>Import Session</source>
        <translation>セッションをインポート</translation>
    </message>
    <message>
        <source>Sessions (*.json *.md *.markdown);;Session files (*.json);;Markdown (*.md *.markdown)</source>
        <translation>セッション (*.json *.md *.markdown);;セッションファイル (*.json);;Markdown (*.md *.markdown)</translation>
    </message>
    <message>
        <source>The session could not be imported: %1</source>
        <translation>セッションをインポートできませんでした: %1</translation>
    </message>
    <message>
        <source>Export Session</source>
        <translation>セッションをエクスポート</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Session files (*.json)</source>
        <translation>セッションファイル (*.json)</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>%1 にエクスポートしました。</translation>
    </message>
    <message>
        <source>The session could not be exported: %1</source>
        <translation>セッションをエクスポートできませんでした: %1</translation>
    </message>
    <message>
        <source>Stop the answer that is streaming before deleting its session.</source>
        <translation>セッションを削除する前に、ストリーミング中の応答を停止してください。</translation>
    </message>
    <message>
        <source>That answer is no longer in its session.</source>
        <translation>その応答はもうセッション内にありません。</translation>
    </message>
    <message>
        <source>Continuing “%1”.</source>
        <translation>「%1」を続けています。</translation>
    </message>
    <message>
        <source>Forked “%1” after that answer: the new session goes on from there.</source>
        <translation>「%1」をその応答の後でフォークしました: 新しいセッションはそこから続きます。</translation>
    </message>
    <message>
        <source>The request cannot be exported: %1</source>
        <translation>リクエストをエクスポートできません: %1</translation>
    </message>
    <message>
        <source>Select an answer to copy its request.</source>
        <translation>リクエストをコピーする応答を選択してください。</translation>
    </message>
    <message>
        <source>Copied the request as curl (signed with SigV4 from $AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY)</source>
        <translation>リクエストを curl としてコピーしました ($AWS_ACCESS_KEY_ID と $AWS_SECRET_ACCESS_KEY を使って SigV4 で署名)</translation>
    </message>
    <message>
        <source>Copied the request as curl (the key is read from $AWS_BEARER_TOKEN_BEDROCK)</source>
        <translation>リクエストを curl としてコピーしました (キーは $AWS_BEARER_TOKEN_BEDROCK から読み込み)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New Session</source>
        <translation>新しいセッション(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Import Session…</source>
        <translation>セッションをインポート(&amp;I)…</translation>
    </message>
    <message>
        <source>Export Session as &amp;JSON…</source>
        <translation>セッションを JSON としてエクスポート(&amp;J)…</translation>
    </message>
    <message>
        <source>Export Session as Mar&amp;kdown…</source>
        <translation>セッションを Markdown としてエクスポート(&amp;K)…</translation>
    </message>
    <message>
        <source>&amp;Accounts…</source>
        <translation>アカウント(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Models…</source>
        <translation>モデル(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Find Sessions</source>
        <translation>セッションを検索(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Playground</source>
        <translation>プレイグラウンド(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>送信(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Export as Code…</source>
        <translation>コードとしてエクスポート(&amp;E)…</translation>
    </message>
    <message>
        <source>Demo &amp;Failures</source>
        <translation>デモの障害(&amp;F)</translation>
    </message>
    <message>
        <source>None</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Access Denied</source>
        <translation>アクセス拒否</translation>
    </message>
    <message>
        <source>Wrong Route Prefix</source>
        <translation>誤ったルートのプレフィックス</translation>
    </message>
    <message>
        <source>Too Many Requests (429)</source>
        <translation>リクエストが多すぎる (429)</translation>
    </message>
    <message>
        <source>Server Error (500)</source>
        <translation>サーバーエラー (500)</translation>
    </message>
    <message>
        <source>Connection Cut Mid-Answer</source>
        <translation>応答途中での接続切断</translation>
    </message>
    <message>
        <source>Malformed Event</source>
        <translation>不正な形式のイベント</translation>
    </message>
    <message>
        <source>Slow Server (3 s)</source>
        <translation>低速なサーバー (3 s)</translation>
    </message>
    <message>
        <source>The demo account behaves again.</source>
        <translation>デモアカウントは正常な動作に戻りました。</translation>
    </message>
    <message>
        <source>The demo account now fails every request: %1.</source>
        <translation>デモアカウントはすべてのリクエストで失敗するようになりました: %1。</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Sessions</source>
        <translation>セッション(&amp;S)</translation>
    </message>
    <message>
        <source>Request &amp;Inspector</source>
        <translation>リクエストインスペクター(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation>フルスクリーン(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>キーボードショートカット(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About Mantle Playground</source>
        <translation>Mantle Playground について(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Qt について(&amp;Q)</translation>
    </message>
    <message>
        <source>Restart Mantle Playground?</source>
        <translation>Mantle Playground を再起動しますか？</translation>
    </message>
    <message>
        <source>The new language is used from the next start. Restart now? Your sessions are saved first.</source>
        <translation>新しい言語は次回の起動時から使用されます。今すぐ再起動しますか？ セッションは先に保存されます。</translation>
    </message>
    <message>
        <source>&amp;Restart Now</source>
        <translation>今すぐ再起動(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>後で(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>環境設定(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Compare…</source>
        <translation>比較(&amp;C)…</translation>
    </message>
    <message>
        <source>Short-term API key until %1</source>
        <translation>短期 API キー (%1 まで)</translation>
    </message>
    <message>
        <source>The requests of “%1” in %2 go with a short-term Bedrock API key (Bearer) instead of a SigV4 signature until %3, then with SigV4 again. File &gt; Accounts… &gt; Short-term API key… stops it.</source>
        <translation>「%1」の %2 でのリクエストは、%3 まで SigV4 署名の代わりに短期 Bedrock API キー (Bearer) で送信され、その後は再び SigV4 で送信されます。ファイル &gt; アカウント… &gt; 短期 API キー… で停止できます。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ModelEditor</name>
    <message>
        <source>Add model</source>
        <translation>モデルを追加</translation>
    </message>
    <message>
        <source>Edit model %1</source>
        <translation>モデル %1 を編集</translation>
    </message>
    <message>
        <source>Model id</source>
        <translation>モデル ID</translation>
    </message>
    <message>
        <source>e.g. moonshotai.kimi-k2-thinking</source>
        <translation>例: moonshotai.kimi-k2-thinking</translation>
    </message>
    <message>
        <source>Model &amp;id:</source>
        <translation>モデル ID(&amp;I)：</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>表示名</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名前(&amp;N)：</translation>
    </message>
    <message>
        <source>OpenAI-style prefix</source>
        <translation>OpenAI 形式のプレフィックス</translation>
    </message>
    <message>
        <source>As the catalogue says</source>
        <translation>カタログのとおり</translation>
    </message>
    <message>
        <source>&amp;Prefix:</source>
        <translation>プレフィックス(&amp;P)：</translation>
    </message>
    <message>
        <source>Set the surfaces</source>
        <translation>API 形式を設定</translation>
    </message>
    <message>
        <source>Private prices (per million tokens)</source>
        <translation>独自の料金 (100 万トークンあたり)</translation>
    </message>
    <message>
        <source>Private prices</source>
        <translation>独自の料金</translation>
    </message>
    <message>
        <source>Input price per million tokens</source>
        <translation>100 万トークンあたりの入力料金</translation>
    </message>
    <message>
        <source>Output price per million tokens</source>
        <translation>100 万トークンあたりの出力料金</translation>
    </message>
    <message>
        <source>I&amp;nput:</source>
        <translation>入力(&amp;N)：</translation>
    </message>
    <message>
        <source>O&amp;utput:</source>
        <translation>出力(&amp;U)：</translation>
    </message>
    <message>
        <source>“%1” cannot be a model id: it must not be empty or contain white space or &apos;/&apos;.</source>
        <translation>「%1」はモデル ID にできません: 空にしたり、空白や「/」を含めたりすることはできません。</translation>
    </message>
    <message>
        <source>Choose at least one surface.</source>
        <translation>API 形式を 1 つ以上選択してください。</translation>
    </message>
    <message>
        <source>set by the user</source>
        <translation>ユーザーが設定</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ModelTableModel</name>
    <message>
        <source>custom</source>
        <translation>カスタム</translation>
    </message>
    <message>
        <source>live</source>
        <translation>ライブ</translation>
    </message>
    <message>
        <source>catalogue</source>
        <translation>カタログ</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>不明</translation>
    </message>
    <message>
        <source>%1 (private)</source>
        <translation>%1 (独自)</translation>
    </message>
    <message>
        <source>%1 shows in the playground&apos;s model picker</source>
        <translation>%1 はプレイグラウンドのモデル選択に表示されます</translation>
    </message>
    <message>
        <source>%1 does not show in the playground&apos;s model picker</source>
        <translation>%1 はプレイグラウンドのモデル選択に表示されません</translation>
    </message>
    <message>
        <source>Show in the playground&apos;s model picker</source>
        <translation>プレイグラウンドのモデル選択に表示</translation>
    </message>
    <message>
        <source>Picker</source>
        <translation>表示</translation>
    </message>
    <message>
        <source>Model id</source>
        <translation>モデル ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>ソース</translation>
    </message>
    <message>
        <source>Surfaces</source>
        <translation>API 形式</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>プレフィックス</translation>
    </message>
    <message>
        <source>Input / million</source>
        <translation>入力 / 100 万</translation>
    </message>
    <message>
        <source>Output / million</source>
        <translation>出力 / 100 万</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ModelsView</name>
    <message>
        <source>&amp;Refresh</source>
        <translation>更新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Add model…</source>
        <translation>モデルを追加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>編集(&amp;E)…</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>削除(&amp;M)</translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation>すべて選択(&amp;A)</translation>
    </message>
    <message>
        <source>Select &amp;none</source>
        <translation>選択を解除(&amp;N)</translation>
    </message>
    <message>
        <source>Select all &amp;for</source>
        <translation>次の API のモデルをすべて選択(&amp;F)</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>アカウント</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>リージョン</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Refresh the live model list</source>
        <translation>ライブのモデル一覧を更新</translation>
    </message>
    <message>
        <source>A&amp;ccount:</source>
        <translation>アカウント(&amp;C)：</translation>
    </message>
    <message>
        <source>Re&amp;gion:</source>
        <translation>リージョン(&amp;G)：</translation>
    </message>
    <message>
        <source>Add a custom model</source>
        <translation>カスタムモデルを追加</translation>
    </message>
    <message>
        <source>Edit the selected model</source>
        <translation>選択したモデルを編集</translation>
    </message>
    <message>
        <source>Remove the selected custom model</source>
        <translation>選択したカスタムモデルを削除</translation>
    </message>
    <message>
        <source>Offer every model in the playground&apos;s model picker, also models that appear later.</source>
        <translation>すべてのモデル (後から追加されるモデルも含む) をプレイグラウンドのモデル選択に表示します。</translation>
    </message>
    <message>
        <source>Offer no model in the playground&apos;s model picker until you check some.</source>
        <translation>チェックを入れるまで、プレイグラウンドのモデル選択にモデルを表示しません。</translation>
    </message>
    <message>
        <source>Add the listed models that serve an API to the playground&apos;s model picker.</source>
        <translation>一覧のうち、選択した API を提供するモデルをプレイグラウンドのモデル選択に追加します。</translation>
    </message>
    <message>
        <source>Model picker:</source>
        <translation>モデル選択：</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>ステータス</translation>
    </message>
    <message>
        <source>No account yet: the catalogue&apos;s models show. Add an account with File &gt; Accounts… to see a region&apos;s live list.</source>
        <translation>アカウントがまだないため、カタログのモデルを表示しています。リージョンのライブの一覧を見るには、「ファイル &gt; アカウント…」でアカウントを追加してください。</translation>
    </message>
    <message>
        <source>The catalogue&apos;s models show: press Refresh for the models the region serves.</source>
        <translation>カタログのモデルを表示しています: リージョンが提供するモデルを表示するには「更新」を押してください。</translation>
    </message>
    <message>
        <source>The catalogue&apos;s models show: press Refresh for the models %1 serves.</source>
        <translation>カタログのモデルを表示しています: %1 が提供するモデルを表示するには「更新」を押してください。</translation>
    </message>
    <message>
        <source>Add an account first (File &gt; Accounts…).</source>
        <translation>先にアカウントを追加してください (ファイル &gt; アカウント…)。</translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation>%1 にモデルを問い合わせています…</translation>
    </message>
    <message>
        <source>The account could not be used: %1</source>
        <translation>アカウントを使用できませんでした: %1</translation>
    </message>
    <message>
        <source>The model list of %1 could not be fetched: %2</source>
        <translation>%1 のモデル一覧を取得できませんでした: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) live in %1.</source>
        <translation>
            <numerusform>%1 でライブのモデルが %n 個あります。</numerusform>
        </translation>
    </message>
    <message>
        <source>Model “%1” added.</source>
        <translation>モデル「%1」を追加しました。</translation>
    </message>
    <message>
        <source>Model “%1” changed.</source>
        <translation>モデル「%1」を変更しました。</translation>
    </message>
    <message>
        <source>Model “%1” removed.</source>
        <translation>モデル「%1」を削除しました。</translation>
    </message>
    <message numerus="yes">
        <source>The model picker offers %1 of the %n model(s) listed.</source>
        <translation>
            <numerusform>モデル選択には、一覧の %n 個のモデルのうち %1 個が表示されます。</numerusform>
        </translation>
    </message>
    <message>
        <source>The model picker offers every model.</source>
        <translation>モデル選択にはすべてのモデルが表示されます。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ParametersPanel</name>
    <message>
        <source>Parameters</source>
        <translation>パラメーター</translation>
    </message>
    <message>
        <source>How random the answer is: lower is more focused and repeatable, higher more varied. From 0 to %1. Unset, the server&apos;s default applies.</source>
        <translation>応答のランダム性: 低いほど焦点が絞られ再現性が高く、高いほど多様になります。0〜%1。未設定の場合はサーバーのデフォルトが適用されます。</translation>
    </message>
    <message>
        <source>&amp;Temperature:</source>
        <translation>温度(&amp;T)：</translation>
    </message>
    <message>
        <source>Set the temperature</source>
        <translation>温度を設定</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Nucleus sampling: the model only picks from the most likely tokens whose probabilities add up to this value, from 0 to 1. Change this or the temperature, not both.</source>
        <translation>Nucleus サンプリング: モデルは、確率の合計がこの値 (0〜1) に達するまでの最も可能性の高いトークンからのみ選択します。これか温度のどちらか一方だけを変更してください。</translation>
    </message>
    <message>
        <source>Top &amp;p:</source>
        <translation>Top p(&amp;P)：</translation>
    </message>
    <message>
        <source>Set top p</source>
        <translation>Top p を設定</translation>
    </message>
    <message>
        <source>Top p</source>
        <translation>Top p</translation>
    </message>
    <message>
        <source>The longest answer the model may write, in tokens (on reasoning models the reasoning counts too). Sent as %1.</source>
        <translation>モデルが書く応答の最大長 (トークン数)。推論モデルでは推論も含まれます。%1 として送信されます。</translation>
    </message>
    <message>
        <source>&amp;Max output tokens:</source>
        <translation>最大出力トークン数(&amp;M)：</translation>
    </message>
    <message>
        <source>Set the maximum output tokens</source>
        <translation>最大出力トークン数を設定</translation>
    </message>
    <message>
        <source>Maximum output tokens</source>
        <translation>最大出力トークン数</translation>
    </message>
    <message>
        <source>Stop sequences, one per line</source>
        <translation>停止シーケンス (1 行に 1 つ)</translation>
    </message>
    <message>
        <source>Text at which the model stops writing (the text itself is not returned). One sequence per line; commas are part of the sequence. Write \n for a line break, \t for a tab and \\ for a backslash. Chat Completions accepts up to %1.</source>
        <translation>モデルが書くのを停止するテキストです (このテキスト自体は返されません)。1 行に 1 つのシーケンスを指定し、カンマもシーケンスの一部になります。改行は \n、タブは \t、バックスラッシュは \\ と記述します。Chat Completions では最大 %1 個まで指定できます。</translation>
    </message>
    <message>
        <source>None (one per line)</source>
        <translation>なし (1 行に 1 つ)</translation>
    </message>
    <message>
        <source>&amp;Stop sequences:</source>
        <translation>停止シーケンス(&amp;S)：</translation>
    </message>
    <message>
        <source>Ask for repeatable sampling: the same seed and parameters should give the same answer (best effort, not guaranteed).</source>
        <translation>再現可能なサンプリングを要求します: 同じシードとパラメーターでは同じ応答が返るはずです (ベストエフォートで、保証はされません)。</translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation>シード(&amp;E)：</translation>
    </message>
    <message>
        <source>Set the seed</source>
        <translation>シードを設定</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <source>Reasoning effort</source>
        <translation>推論の強さ</translation>
    </message>
    <message>
        <source>How long a reasoning model thinks before it answers: more effort helps with hard questions and costs more tokens and time.</source>
        <translation>推論モデルが回答前に考える時間です: 強くすると難しい質問に役立ちますが、より多くのトークンと時間がかかります。</translation>
    </message>
    <message>
        <source>Server default</source>
        <translation>サーバーのデフォルト</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>&amp;Reasoning effort:</source>
        <translation>推論の強さ(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Adaptive thinking</source>
        <translation>適応型思考(&amp;A)</translation>
    </message>
    <message>
        <source>Adaptive thinking</source>
        <translation>適応型思考</translation>
    </message>
    <message>
        <source>Let Claude think before it answers; how much follows the reasoning effort.</source>
        <translation>Claude に回答前に考えさせます。思考の量は推論の強さに従います。</translation>
    </message>
    <message>
        <source>Strea&amp;m the answer</source>
        <translation>応答をストリーミング(&amp;M)</translation>
    </message>
    <message>
        <source>Stream the answer</source>
        <translation>応答をストリーミング</translation>
    </message>
    <message>
        <source>Show the answer while it is written (server-sent events). Off, the answer appears when it is complete.</source>
        <translation>書かれている途中の応答を表示します (サーバー送信イベント)。オフの場合は、完了した時点で応答が表示されます。</translation>
    </message>
    <message>
        <source>St&amp;ore the response</source>
        <translation>レスポンスを保存(&amp;O)</translation>
    </message>
    <message>
        <source>Store the response</source>
        <translation>レスポンスを保存</translation>
    </message>
    <message>
        <source>Keep the response on the server, so that a later request can continue from it (previous_response_id).</source>
        <translation>レスポンスをサーバーに保持し、後のリクエストでそこから続けられるようにします (previous_response_id)。</translation>
    </message>
    <message>
        <source>Stored responses are kept for 30 days in the region the request went to.</source>
        <translation>保存済みレスポンスは、リクエストの送信先リージョンに 30 日間保持されます。</translation>
    </message>
    <message>
        <source>Run in the &amp;background</source>
        <translation>バックグラウンドで実行(&amp;B)</translation>
    </message>
    <message>
        <source>Run in the background</source>
        <translation>バックグラウンドで実行</translation>
    </message>
    <message>
        <source>The server answers later: the app polls the stored response until it is done (Stop cancels it). Needs the response stored.</source>
        <translation>サーバーは後で応答します: アプリは完了するまで保存済みレスポンスをポーリングします (「停止」でキャンセル)。レスポンスの保存が必要です。</translation>
    </message>
    <message>
        <source>Reset to &amp;defaults</source>
        <translation>デフォルトに戻す(&amp;D)</translation>
    </message>
    <message>
        <source>Reset the parameters to their defaults</source>
        <translation>パラメーターをデフォルトに戻す</translation>
    </message>
    <message>
        <source>Unset every value so that the server&apos;s defaults apply.</source>
        <translation>すべての値を未設定にして、サーバーのデフォルトが適用されるようにします。</translation>
    </message>
    <message>
        <source>Default: %1, always sent (Messages requires max_tokens)</source>
        <translation>デフォルト: %1、常に送信 (Messages では max_tokens が必須)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Stop sequences</source>
        <translation>停止シーケンス</translation>
    </message>
    <message>
        <source>Chat Completions accepts at most %1 stop sequences; there are %2.</source>
        <translation>Chat Completions で指定できる停止シーケンスは最大 %1 個ですが、%2 個あります。</translation>
    </message>
    <message>
        <source>enter a whole number, or untick it.</source>
        <translation>整数を入力するか、チェックを外してください。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::PlaygroundPage</name>
    <message>
        <source>New session</source>
        <translation>新しいセッション</translation>
    </message>
    <message>
        <source>Receiving the answer…</source>
        <translation>応答を受信しています…</translation>
    </message>
    <message>
        <source>&amp;Instructions (developer prompt)</source>
        <translation>指示 (開発者プロンプト)(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;System prompt</source>
        <translation>システムプロンプト(&amp;S)</translation>
    </message>
    <message>
        <source>Instructions</source>
        <translation>指示</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>システムプロンプト</translation>
    </message>
    <message>
        <source>Optional: how the model should behave.</source>
        <translation>省略可能: モデルがどのように振る舞うべきか。</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>プロンプト</translation>
    </message>
    <message>
        <source>Type a prompt, then press Ctrl+Enter to send.</source>
        <translation>プロンプトを入力し、Ctrl+Enter で送信します。</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>送信(&amp;S)</translation>
    </message>
    <message>
        <source>Send the prompt (Ctrl+Enter)</source>
        <translation>プロンプトを送信 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop the answer; what arrived is kept (Esc)</source>
        <translation>応答を停止します。届いた部分は保持されます (Esc)</translation>
    </message>
    <message>
        <source>Request settings</source>
        <translation>リクエストの設定</translation>
    </message>
    <message>
        <source>&amp;Parameters</source>
        <translation>パラメーター(&amp;P)</translation>
    </message>
    <message>
        <source>T&amp;ools</source>
        <translation>ツール(&amp;O)</translation>
    </message>
    <message>
        <source>Sc&amp;hema</source>
        <translation>スキーマ(&amp;H)</translation>
    </message>
    <message>
        <source>Chai&amp;n</source>
        <translation>チェーン(&amp;N)</translation>
    </message>
    <message>
        <source>Cos&amp;t</source>
        <translation>コスト(&amp;T)</translation>
    </message>
    <message>
        <source>Choose a model above.</source>
        <translation>上でモデルを選択してください。</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>Type a prompt first.</source>
        <translation>先にプロンプトを入力してください。</translation>
    </message>
    <message>
        <source>Choose a model first (the Model list above).</source>
        <translation>先にモデルを選択してください (上のモデル一覧)。</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>%1 に接続しています…</translation>
    </message>
    <message>
        <source>The account “%1” could not be used: %2</source>
        <translation>アカウント「%1」を使用できませんでした: %2</translation>
    </message>
    <message>
        <source>Waiting for %1…</source>
        <translation>%1 を待っています…</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>未送信: %1</translation>
    </message>
    <message>
        <source>Stopped before sending.</source>
        <translation>送信前に停止しました。</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>%1 s to first token</source>
        <translation>最初のトークンまで %1 秒</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 トークン/秒</translation>
    </message>
    <message>
        <source>%1 s in all</source>
        <translation>合計 %1 秒</translation>
    </message>
    <message>
        <source>You</source>
        <translation>あなた</translation>
    </message>
    <message>
        <source>Tool result · %1</source>
        <translation>ツールの結果 · %1</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>アシスタント</translation>
    </message>
    <message>
        <source>Assistant · %1</source>
        <translation>アシスタント · %1</translation>
    </message>
    <message>
        <source>The answer was cut short: %1
What arrived is kept; re-run to try again.</source>
        <translation>応答が途中で切れました: %1
届いた部分は保持されています。もう一度試すには再実行してください。</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>%1 in · %2 out</source>
        <translation>入力 %1 · 出力 %2</translation>
    </message>
    <message>
        <source>%1 reasoning</source>
        <translation>推論 %1</translation>
    </message>
    <message>
        <source>no price known</source>
        <translation>料金不明</translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s)</source>
        <translation>
            <numerusform>%n 回試行</numerusform>
        </translation>
    </message>
    <message>
        <source>session cost unknown: no price for this model (set one in File &gt; Models…)</source>
        <translation>セッションのコストは不明: このモデルの料金がありません (「ファイル &gt; モデル…」で設定できます)</translation>
    </message>
    <message>
        <source>session cost $%1</source>
        <translation>セッションのコスト $%1</translation>
    </message>
    <message numerus="yes">
        <source>(%n answer(s) without a known price)</source>
        <translation>
            <numerusform>(料金不明の応答 %n 件)</numerusform>
        </translation>
    </message>
    <message>
        <source>There is no question before this answer to ask again.</source>
        <translation>この応答の前に、もう一度尋ねる質問がありません。</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>編集</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>テキスト</translation>
    </message>
    <message>
        <source>The session could not be saved: %1</source>
        <translation>セッションを保存できませんでした: %1</translation>
    </message>
    <message>
        <source>The answer could not be saved: %1</source>
        <translation>応答を保存できませんでした: %1</translation>
    </message>
    <message>
        <source>≈ %1 input tokens</source>
        <translation>≈ %1 入力トークン</translation>
    </message>
    <message>
        <source>Input tokens of the request Send would send now (the conversation, the prompt, the system prompt and the tools), counted by Mantle&apos;s count_tokens.</source>
        <translation>今「送信」を押したときに送信されるリクエスト (会話、プロンプト、システムプロンプト、ツール) の入力トークン数です。Mantle の count_tokens でカウントしています。</translation>
    </message>
    <message>
        <source>≈ $%1</source>
        <translation>≈ $%1</translation>
    </message>
    <message>
        <source>The cost is the input at %1 per million input tokens.</source>
        <translation>コストは、入力を 100 万入力トークンあたり %1 で計算したものです。</translation>
    </message>
    <message>
        <source>No price is known for this model, so no cost is shown (set one in File &gt; Models…).</source>
        <translation>このモデルの料金が不明なため、コストは表示されません (「ファイル &gt; モデル…」で設定できます)。</translation>
    </message>
    <message>
        <source>up to $%1 with the answer</source>
        <translation>応答込みで最大 $%1</translation>
    </message>
    <message>
        <source>With the answer: the input plus at most %1 output tokens (Max tokens) at %2 per million output tokens; a shorter answer costs less.</source>
        <translation>応答込み: 入力に加えて、最大 %1 出力トークン (最大出力トークン数) を 100 万出力トークンあたり %2 で計算したものです。応答が短ければコストは下がります。</translation>
    </message>
    <message>
        <source>≈ ? tokens</source>
        <translation>≈ ? トークン</translation>
    </message>
    <message>
        <source>The tokens could not be counted: %1</source>
        <translation>トークン数をカウントできませんでした: %1</translation>
    </message>
</context>
<context>
    <name>mantle::ui::PlaygroundServices</name>
    <message>
        <source>Demo (local emulator)</source>
        <translation>デモ (ローカルエミュレーター)</translation>
    </message>
    <message>
        <source>The demo account could not start its emulator: %1</source>
        <translation>デモアカウントがエミュレーターを起動できませんでした: %1</translation>
    </message>
    <message>
        <source>Another program may hold the local network; restart the app or add an AWS account with File &gt; Accounts….</source>
        <translation>別のプログラムがローカルネットワークを占有している可能性があります。アプリを再起動するか、「ファイル &gt; アカウント…」で AWS アカウントを追加してください。</translation>
    </message>
    <message>
        <source>The demo account is not running.</source>
        <translation>デモアカウントは実行されていません。</translation>
    </message>
    <message>
        <source>Restart the app with --demo, or choose another account.</source>
        <translation>--demo を付けてアプリを再起動するか、別のアカウントを選択してください。</translation>
    </message>
    <message>
        <source>The demo account is not running, so its address is unknown.</source>
        <translation>デモアカウントが実行されていないため、そのアドレスは不明です。</translation>
    </message>
    <message>
        <source>The account “%1” does not sign with SigV4, so no short-term API key can be made from it.</source>
        <translation>アカウント「%1」は SigV4 で署名しないため、短期 API キーを生成できません。</translation>
    </message>
    <message>
        <source>Use an account with access keys or a role.</source>
        <translation>アクセスキーまたはロールを使用するアカウントを選択してください。</translation>
    </message>
    <message>
        <source>The account has no SigV4 credentials.</source>
        <translation>アカウントに SigV4 の認証情報がありません。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>環境設定</translation>
    </message>
    <message>
        <source>System language (%1)</source>
        <translation>システムの言語 (%1)</translation>
    </message>
    <message>
        <source>A new language is used from the next start of Mantle Playground.</source>
        <translation>新しい言語は Mantle Playground の次回起動時から使用されます。</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>言語(&amp;L)：</translation>
    </message>
</context>
<context>
    <name>mantle::ui::RecordedEventTableModel</name>
    <message>
        <source>Time (ms)</source>
        <translation>時間 (ms)</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>イベント</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>データ</translation>
    </message>
</context>
<context>
    <name>mantle::ui::RegionMatrixView</name>
    <message>
        <source>&amp;Use this region</source>
        <translation>このリージョンを使用(&amp;U)</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>アカウント</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Any model (count only)</source>
        <translation>任意のモデル (数のみ)</translation>
    </message>
    <message>
        <source>%v of %m regions</source>
        <translation>%v / %m リージョン</translation>
    </message>
    <message>
        <source>Use the selected region with this account and model</source>
        <translation>選択したリージョンをこのアカウントとモデルで使用します</translation>
    </message>
    <message>
        <source>Regions</source>
        <translation>リージョン</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>リージョン</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Serves model</source>
        <translation>モデルを提供</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>レイテンシー (ms)</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>A&amp;ccount:</source>
        <translation>アカウント(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>モデル(&amp;M)：</translation>
    </message>
    <message>
        <source>This account sends every region to the same endpoint, %1: each row shows what that endpoint answers for the region (with SigV4, the region the request is signed for), not what the region&apos;s own Mantle endpoint serves.</source>
        <translation>このアカウントはすべてのリージョンのリクエストを同じエンドポイント %1 に送信します: 各行には、リージョン自身の Mantle エンドポイントが提供するものではなく、そのエンドポイントがそのリージョン (SigV4 の場合はリクエストの署名対象のリージョン) に対して返す応答が表示されます。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>停止しました。</translation>
    </message>
    <message>
        <source>Choose an account first.</source>
        <translation>先にアカウントを選択してください。</translation>
    </message>
    <message>
        <source>Resolving the account…</source>
        <translation>アカウントを解決しています…</translation>
    </message>
    <message>
        <source>No region answered.</source>
        <translation>どのリージョンも応答しませんでした。</translation>
    </message>
    <message numerus="yes">
        <source>%n region(s) list %1.</source>
        <translation>
            <numerusform>%n 個のリージョンの一覧に %1 があります。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n region(s) answered.</source>
        <translation>
            <numerusform>%n 個のリージョンが応答しました。</numerusform>
        </translation>
    </message>
    <message>
        <source>Checking the regions…</source>
        <translation>リージョンを確認しています…</translation>
    </message>
    <message>
        <source>The region lists %1.</source>
        <translation>このリージョンの一覧に %1 があります。</translation>
    </message>
    <message>
        <source>The region does not list %1.</source>
        <translation>このリージョンの一覧に %1 はありません。</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <source>no</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>Check &amp;regions</source>
        <translation>リージョンを確認(&amp;R)</translation>
    </message>
    <message>
        <source>Stop the regions still pending</source>
        <translation>まだ応答していないリージョンへの問い合わせを停止します</translation>
    </message>
    <message>
        <source>Ask all 13 regions for their model list at once</source>
        <translation>13 リージョンすべてにモデル一覧を同時に問い合わせます</translation>
    </message>
</context>
<context>
    <name>mantle::ui::SchemaEditor</name>
    <message>
        <source>Person</source>
        <translation>人物</translation>
    </message>
    <message>
        <source>List of items</source>
        <translation>項目のリスト</translation>
    </message>
    <message>
        <source>Classification (enum)</source>
        <translation>分類 (enum)</translation>
    </message>
    <message>
        <source>Nested address</source>
        <translation>ネストされた住所</translation>
    </message>
    <message>
        <source>Structured output</source>
        <translation>構造化出力</translation>
    </message>
    <message>
        <source>Use structured output</source>
        <translation>構造化出力を使用</translation>
    </message>
    <message>
        <source>Ask for JSON that follows the schema below</source>
        <translation>以下のスキーマに従った JSON を要求します</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名前(&amp;N)：</translation>
    </message>
    <message>
        <source>Schema name</source>
        <translation>スキーマ名</translation>
    </message>
    <message>
        <source>Letters, digits, _ and -, at most 64 characters</source>
        <translation>英字、数字、_、- で 64 文字以内</translation>
    </message>
    <message>
        <source>&amp;Strict</source>
        <translation>strict(&amp;S)</translation>
    </message>
    <message>
        <source>Strict schema adherence</source>
        <translation>スキーマへの厳密な準拠</translation>
    </message>
    <message>
        <source>Strict structured output: the model is held to the schema, which must then follow the strict-mode rules listed below</source>
        <translation>strict な構造化出力: モデルはスキーマに厳密に従います。その場合、スキーマは以下に示す strict モードのルールに従う必要があります</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>例</translation>
    </message>
    <message>
        <source>Example schemas</source>
        <translation>スキーマの例</translation>
    </message>
    <message>
        <source>JSON schema</source>
        <translation>JSON スキーマ</translation>
    </message>
    <message>
        <source>A JSON Schema, e.g. from the Examples menu</source>
        <translation>JSON Schema (「例」メニューから選ぶこともできます)</translation>
    </message>
    <message>
        <source>Schema status</source>
        <translation>スキーマのステータス</translation>
    </message>
    <message>
        <source>Fix &amp;all</source>
        <translation>すべて修正(&amp;A)</translation>
    </message>
    <message>
        <source>Fix all strict-mode findings</source>
        <translation>strict モードの指摘事項をすべて修正</translation>
    </message>
    <message>
        <source>Make every change listed that has a fix</source>
        <translation>修正方法のある変更をすべて適用します</translation>
    </message>
    <message>
        <source>Last output</source>
        <translation>最後の出力</translation>
    </message>
    <message>
        <source>Output check</source>
        <translation>出力のチェック</translation>
    </message>
    <message>
        <source>Schema violations in the output</source>
        <translation>出力のスキーマ違反</translation>
    </message>
    <message>
        <source>Last output, pretty-printed</source>
        <translation>最後の出力 (整形済み)</translation>
    </message>
    <message>
        <source>Write a JSON Schema or pick one from Examples.</source>
        <translation>JSON Schema を記述するか、「例」から選択してください。</translation>
    </message>
    <message>
        <source>Not valid JSON at line %1, column %2: %3</source>
        <translation>%1 行 %2 列で有効な JSON ではありません: %3</translation>
    </message>
    <message>
        <source>A schema is a JSON object ({ ... }).</source>
        <translation>スキーマは JSON オブジェクト ({ ... }) です。</translation>
    </message>
    <message>
        <source>Valid schema.</source>
        <translation>有効なスキーマです。</translation>
    </message>
    <message>
        <source>Valid schema; it follows the strict-mode rules.</source>
        <translation>有効なスキーマです。strict モードのルールに従っています。</translation>
    </message>
    <message>
        <source>Valid schema, but strict mode will refuse it:</source>
        <translation>有効なスキーマですが、strict モードでは拒否されます：</translation>
    </message>
    <message>
        <source>(root)</source>
        <translation>(ルート)</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: %2</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>対処</translation>
    </message>
    <message>
        <source>Fix: %1</source>
        <translation>対処: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n strict-mode finding(s):</source>
        <translation>
            <numerusform>strict モードの指摘事項 %n 件：</numerusform>
        </translation>
    </message>
    <message>
        <source>The answer is not JSON (line %1, column %2: %3).</source>
        <translation>応答が JSON ではありません (%1 行 %2 列: %3)。</translation>
    </message>
    <message>
        <source>The answer is JSON; there is no valid schema to check it against.</source>
        <translation>応答は JSON ですが、検証に使用できる有効なスキーマがありません。</translation>
    </message>
    <message>
        <source>The answer matches the schema.</source>
        <translation>応答はスキーマに一致しています。</translation>
    </message>
    <message numerus="yes">
        <source>The answer breaks the schema in %n place(s):</source>
        <translation>
            <numerusform>応答は %n か所でスキーマに違反しています：</numerusform>
        </translation>
    </message>
    <message>
        <source>The next answer is shown here and checked against the schema.</source>
        <translation>次の応答がここに表示され、スキーマに照らして検証されます。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::SelfCheck</name>
    <message>
        <source>Self-check failed: %1</source>
        <translation>セルフチェックに失敗しました: %1</translation>
    </message>
    <message>
        <source>Mantle Playground %1 self-check</source>
        <translation>Mantle Playground %1 セルフチェック</translation>
    </message>
    <message>
        <source>Qt %1, platform “%2”</source>
        <translation>Qt %1、プラットフォーム「%2」</translation>
    </message>
    <message>
        <source>Language: %1 (locale %2, translation %3)</source>
        <translation>言語: %1 (ロケール %2、翻訳 %3)</translation>
    </message>
    <message>
        <source>none loaded</source>
        <translation>読み込まれていません</translation>
    </message>
    <message>
        <source>Qt&apos;s own translation: %1</source>
        <translation>Qt 自体の翻訳: %1</translation>
    </message>
    <message>
        <source>none for this language</source>
        <translation>この言語用はありません</translation>
    </message>
    <message>
        <source>cannot create a temporary directory (%1).</source>
        <translation>一時ディレクトリを作成できません (%1)。</translation>
    </message>
    <message>
        <source>the built-in emulator did not start.</source>
        <translation>組み込みエミュレーターが起動しませんでした。</translation>
    </message>
    <message>
        <source>the main window could not be painted.</source>
        <translation>メインウィンドウを描画できませんでした。</translation>
    </message>
    <message>
        <source>Main window: painted at %1×%2</source>
        <translation>メインウィンドウ: %1×%2 で描画</translation>
    </message>
    <message>
        <source>Say hello to the self-check.</source>
        <translation>セルフチェックにあいさつしてください。</translation>
    </message>
    <message>
        <source>the demo request failed: %1</source>
        <translation>デモリクエストに失敗しました: %1</translation>
    </message>
    <message numerus="yes">
        <source>Demo request (Chat Completions, %1): %n character(s) in %2 ms</source>
        <translation>
            <numerusform>デモリクエスト (Chat Completions、%1): %2 ms で %n 文字</numerusform>
        </translation>
    </message>
    <message>
        <source>Self-check passed.</source>
        <translation>セルフチェックに成功しました。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::SessionListModel</name>
    <message>
        <source>Yesterday</source>
        <translation>昨日</translation>
    </message>
    <message>
        <source>%1
The file is left as it is: %2</source>
        <translation>%1
ファイルはそのままにしています: %2</translation>
    </message>
    <message>
        <source>Cannot be opened: %1</source>
        <translation>開けません: %1</translation>
    </message>
    <message>
        <source>Untitled session</source>
        <translation>無題のセッション</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
</context>
<context>
    <name>mantle::ui::SessionsSidebar</name>
    <message>
        <source>Sessions</source>
        <translation>セッション</translation>
    </message>
    <message>
        <source>New session</source>
        <translation>新しいセッション</translation>
    </message>
    <message>
        <source>Start a new session</source>
        <translation>新しいセッションを開始</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>インポート…</translation>
    </message>
    <message>
        <source>Import a session file</source>
        <translation>セッションファイルをインポート</translation>
    </message>
    <message>
        <source>Import a session</source>
        <translation>セッションをインポート</translation>
    </message>
    <message>
        <source>Search sessions</source>
        <translation>セッションを検索</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>名前を変更</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>複製</translation>
    </message>
    <message>
        <source>Export as JSON…</source>
        <translation>JSON としてエクスポート…</translation>
    </message>
    <message>
        <source>Export as Markdown…</source>
        <translation>Markdown としてエクスポート…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>No sessions yet.</source>
        <translation>セッションはまだありません。</translation>
    </message>
    <message>
        <source>No session matches “%1”.</source>
        <translation>「%1」に一致するセッションはありません。</translation>
    </message>
    <message>
        <source>Session not deleted</source>
        <translation>セッションは削除されていません</translation>
    </message>
    <message>
        <source>“%1” could not be read, so it is not deleted here: the file is left untouched.</source>
        <translation>「%1」を読み込めなかったため、ここでは削除しません: ファイルはそのままにしています。</translation>
    </message>
    <message>
        <source>The file is %1
%2</source>
        <translation>ファイル: %1
%2</translation>
    </message>
    <message>
        <source>Delete session</source>
        <translation>セッションを削除</translation>
    </message>
    <message>
        <source>Delete “%1”?</source>
        <translation>「%1」を削除しますか？</translation>
    </message>
    <message>
        <source>Its file is removed from disk. This cannot be undone.</source>
        <translation>ファイルがディスクから削除されます。この操作は元に戻せません。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ShortTermKeyDialog</name>
    <message>
        <source>Short-term API key for %1</source>
        <translation>%1 の短期 API キー</translation>
    </message>
    <message>
        <source>A short-term Bedrock API key is made on this computer from the account&apos;s SigV4 credentials (a role account asks STS for them first). It works in the account&apos;s region only, for at most 12 hours or as long as the credentials last, and is kept in memory only: it is never saved.</source>
        <translation>短期 Bedrock API キーは、アカウントの SigV4 の認証情報からこのコンピューター上で生成されます (ロールのアカウントでは、まず STS から認証情報を取得します)。キーはアカウントのリージョンでのみ、最長 12 時間 (認証情報の有効期限がそれより早い場合はそこまで) 有効です。キーはメモリ内にのみ保持され、保存されることはありません。</translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation>15 分</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 時間</translation>
    </message>
    <message>
        <source>4 hours</source>
        <translation>4 時間</translation>
    </message>
    <message>
        <source>12 hours</source>
        <translation>12 時間</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Lifetime:</source>
        <translation>有効期間(&amp;L)：</translation>
    </message>
    <message>
        <source>Short-term API key</source>
        <translation>短期 API キー</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>表示(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>コピー(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>キー(&amp;K)：</translation>
    </message>
    <message>
        <source>Region:</source>
        <translation>リージョン：</translation>
    </message>
    <message>
        <source>Expiry:</source>
        <translation>有効期限：</translation>
    </message>
    <message>
        <source>&amp;Use for This Session</source>
        <translation>このセッションで使用(&amp;U)</translation>
    </message>
    <message>
        <source>Until the key expires, this account&apos;s requests in its region go with the key instead of a SigV4 signature.</source>
        <translation>キーの有効期限が切れるまで、このアカウントのリージョンへのリクエストには SigV4 署名の代わりにこのキーを使用します。</translation>
    </message>
    <message>
        <source>S&amp;top Using</source>
        <translation>使用を停止(&amp;T)</translation>
    </message>
    <message>
        <source>Not generated yet</source>
        <translation>未生成</translation>
    </message>
    <message>
        <source>%1, shortened to the end of the account&apos;s temporary credentials</source>
        <translation>%1 (アカウントの一時的な認証情報の有効期限に合わせて短縮)</translation>
    </message>
    <message>
        <source>This account&apos;s requests go with a short-term key; %1.</source>
        <translation>このアカウントのリクエストには短期キーを使用しています。%1。</translation>
    </message>
    <message>
        <source>This account&apos;s requests are signed with SigV4.</source>
        <translation>このアカウントのリクエストは SigV4 で署名されます。</translation>
    </message>
    <message>
        <source>in %1 h %2 min</source>
        <translation>%1 時間 %2 分後</translation>
    </message>
    <message>
        <source>in %1 min</source>
        <translation>%1 分後</translation>
    </message>
    <message>
        <source>expires at %1 (%2)</source>
        <translation>有効期限 %1 (%2)</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>キーボードショートカット</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>キーボードショートカット</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>ショートカット</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ToolCallsPanel</name>
    <message>
        <source>The arguments are not valid JSON: %1 (at byte %2).</source>
        <translation>引数が有効な JSON ではありません: %1 (バイト %2)。</translation>
    </message>
    <message>
        <source>The arguments are JSON but not a JSON object.</source>
        <translation>引数は JSON ですが、JSON オブジェクトではありません。</translation>
    </message>
    <message>
        <source>The arguments are valid JSON, but no tool of this name is defined.</source>
        <translation>引数は有効な JSON ですが、この名前のツールは定義されていません。</translation>
    </message>
    <message>
        <source>The arguments are valid JSON (the tool has no parameter schema).</source>
        <translation>引数は有効な JSON です (ツールにパラメーターのスキーマはありません)。</translation>
    </message>
    <message>
        <source>The arguments are valid JSON; the tool&apos;s schema cannot be checked: %1</source>
        <translation>引数は有効な JSON ですが、ツールのスキーマで検証できません: %1</translation>
    </message>
    <message>
        <source>The arguments are valid JSON and match the tool&apos;s schema.</source>
        <translation>引数は有効な JSON で、ツールのスキーマに一致しています。</translation>
    </message>
    <message>
        <source>The arguments are valid JSON but do not match the tool&apos;s schema:
%1</source>
        <translation>引数は有効な JSON ですが、ツールのスキーマに一致しません：
%1</translation>
    </message>
    <message>
        <source>Tool calls summary</source>
        <translation>ツール呼び出しの概要</translation>
    </message>
    <message>
        <source>Tool calls</source>
        <translation>ツール呼び出し</translation>
    </message>
    <message>
        <source>&amp;Fill Canned Results</source>
        <translation>定型の結果を入力(&amp;F)</translation>
    </message>
    <message>
        <source>Fill canned results</source>
        <translation>定型の結果を入力</translation>
    </message>
    <message>
        <source>Fill every empty result with its tool&apos;s canned result.</source>
        <translation>空の結果すべてに、そのツールの定型の結果を入力します。</translation>
    </message>
    <message>
        <source>&amp;Send Results</source>
        <translation>結果を送信(&amp;S)</translation>
    </message>
    <message>
        <source>Send results</source>
        <translation>結果を送信</translation>
    </message>
    <message>
        <source>Call of %1</source>
        <translation>%1 の呼び出し</translation>
    </message>
    <message>
        <source>Tool name</source>
        <translation>ツール名</translation>
    </message>
    <message>
        <source>call id: %1</source>
        <translation>呼び出し ID: %1</translation>
    </message>
    <message>
        <source>Call id</source>
        <translation>呼び出し ID</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>引数</translation>
    </message>
    <message>
        <source>Arguments check</source>
        <translation>引数のチェック</translation>
    </message>
    <message>
        <source>Result of %1</source>
        <translation>%1 の結果</translation>
    </message>
    <message>
        <source>The tool&apos;s result (text or JSON)</source>
        <translation>ツールの結果 (テキストまたは JSON)</translation>
    </message>
    <message>
        <source>The tool failed (send the result as an error)</source>
        <translation>ツールが失敗しました (結果をエラーとして送信)</translation>
    </message>
    <message>
        <source>Tool failed</source>
        <translation>ツールが失敗</translation>
    </message>
    <message>
        <source>Messages sends is_error; Chat and Responses have no error flag, so say in the result that it failed.</source>
        <translation>Messages は is_error を送信します。Chat と Responses にはエラーフラグがないため、失敗したことを結果の中で伝えてください。</translation>
    </message>
    <message>
        <source>Result:</source>
        <translation>結果：</translation>
    </message>
    <message>
        <source>No tool calls to answer.</source>
        <translation>応答するツール呼び出しはありません。</translation>
    </message>
    <message numerus="yes">
        <source>The model called %n tool(s); %1 answered.</source>
        <translation>
            <numerusform>モデルが %n 個のツールを呼び出し、%1 個に応答しました。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mantle::ui::ToolExamples</name>
    <message>
        <source>Get the current weather in a city.</source>
        <translation>都市の現在の天気を取得します。</translation>
    </message>
    <message>
        <source>Search the documentation and return the best matches.</source>
        <translation>ドキュメントを検索し、最も一致する結果を返します。</translation>
    </message>
    <message>
        <source>Get the current date and time in a time zone.</source>
        <translation>タイムゾーンの現在の日時を取得します。</translation>
    </message>
    <message>
        <source>Evaluate an arithmetic expression exactly.</source>
        <translation>算術式を正確に評価します。</translation>
    </message>
    <message>
        <source>Create a calendar event with attendees.</source>
        <translation>参加者付きのカレンダーイベントを作成します。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ToolsEditor</name>
    <message>
        <source>Tools</source>
        <translation>ツール</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>追加(&amp;A)</translation>
    </message>
    <message>
        <source>Add a tool</source>
        <translation>ツールを追加</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>複製(&amp;U)</translation>
    </message>
    <message>
        <source>Duplicate the tool</source>
        <translation>ツールを複製</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>削除(&amp;R)</translation>
    </message>
    <message>
        <source>Remove the tool</source>
        <translation>ツールを削除</translation>
    </message>
    <message>
        <source>Examp&amp;les</source>
        <translation>例(&amp;L)</translation>
    </message>
    <message>
        <source>Add an example tool</source>
        <translation>サンプルのツールを追加</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>インポート(&amp;I)…</translation>
    </message>
    <message>
        <source>Import tools from a JSON file</source>
        <translation>JSON ファイルからツールをインポート</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>エクスポート(&amp;X)…</translation>
    </message>
    <message>
        <source>Export the tools to a JSON file</source>
        <translation>ツールを JSON ファイルにエクスポート</translation>
    </message>
    <message>
        <source>Function name</source>
        <translation>関数名</translation>
    </message>
    <message>
        <source>get_weather</source>
        <translation>get_weather</translation>
    </message>
    <message>
        <source>Function name problem</source>
        <translation>関数名の問題</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名前(&amp;N)：</translation>
    </message>
    <message>
        <source>Function description</source>
        <translation>関数の説明</translation>
    </message>
    <message>
        <source>What the function does and when to call it.</source>
        <translation>関数の機能と、呼び出すべきタイミング。</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>説明(&amp;D)：</translation>
    </message>
    <message>
        <source>Parameters JSON schema</source>
        <translation>パラメーターの JSON スキーマ</translation>
    </message>
    <message>
        <source>{&quot;type&quot;: &quot;object&quot;, &quot;properties&quot;: {}} — empty for no arguments</source>
        <translation>{&quot;type&quot;: &quot;object&quot;, &quot;properties&quot;: {}} — 引数がない場合は空欄</translation>
    </message>
    <message>
        <source>Parameters check</source>
        <translation>パラメーターのチェック</translation>
    </message>
    <message>
        <source>&amp;Format</source>
        <translation>整形(&amp;F)</translation>
    </message>
    <message>
        <source>Format the parameters JSON</source>
        <translation>パラメーターの JSON を整形</translation>
    </message>
    <message>
        <source>&amp;Parameters:</source>
        <translation>パラメーター(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Strict</source>
        <translation>strict(&amp;S)</translation>
    </message>
    <message>
        <source>Strict arguments</source>
        <translation>厳密な引数</translation>
    </message>
    <message>
        <source>Checked: the arguments must follow the schema exactly. Unchecked: strict off. Partly checked: not sent, the surface&apos;s default applies (Responses: strict).</source>
        <translation>オン: 引数はスキーマに厳密に従う必要があります。オフ: strict を無効にします。中間: 送信せず、API 形式のデフォルトが適用されます (Responses: strict)。</translation>
    </message>
    <message>
        <source>Canned result</source>
        <translation>定型の結果</translation>
    </message>
    <message>
        <source>The result to fill in when the model calls this tool.</source>
        <translation>モデルがこのツールを呼び出したときに入力する結果。</translation>
    </message>
    <message>
        <source>&amp;Canned result:</source>
        <translation>定型の結果(&amp;C)：</translation>
    </message>
    <message>
        <source>Tool choice</source>
        <translation>ツールの選択</translation>
    </message>
    <message>
        <source>&amp;Tool choice:</source>
        <translation>ツールの選択(&amp;T)：</translation>
    </message>
    <message>
        <source>Give the function a name.</source>
        <translation>関数に名前を付けてください。</translation>
    </message>
    <message>
        <source>A function name has 1 to 64 letters (a–z, A–Z), digits, “_” or “-”.</source>
        <translation>関数名は、英字 (a–z、A–Z)、数字、「_」、「-」で 1〜64 文字です。</translation>
    </message>
    <message>
        <source>Another tool above has this name.</source>
        <translation>上にある別のツールにこの名前が付いています。</translation>
    </message>
    <message>
        <source>Not valid JSON: %1 at line %2, column %3.</source>
        <translation>有効な JSON ではありません: %2 行 %3 列で %1。</translation>
    </message>
    <message>
        <source>The parameters must be a JSON object (an object schema).</source>
        <translation>パラメーターは JSON オブジェクト (オブジェクトのスキーマ) である必要があります。</translation>
    </message>
    <message>
        <source>The parameters must be an object schema: add &quot;type&quot;: &quot;object&quot;.</source>
        <translation>パラメーターはオブジェクトのスキーマである必要があります: &quot;type&quot;: &quot;object&quot; を追加してください。</translation>
    </message>
    <message>
        <source>Not a usable JSON schema: %1</source>
        <translation>使用できる JSON スキーマではありません: %1</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2.</source>
        <translation>「%1」を読み込めません: %2。</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2.</source>
        <translation>「%1」に書き込めません: %2。</translation>
    </message>
    <message>
        <source>Import Tools</source>
        <translation>ツールをインポート</translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>JSON ファイル (*.json);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Export Tools</source>
        <translation>ツールをエクスポート</translation>
    </message>
    <message>
        <source>Write the tools in the shape of:</source>
        <translation>ツールを次の形式で書き出します：</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(名前なし)</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>有効</translation>
    </message>
    <message>
        <source>problem: %1</source>
        <translation>問題: %1</translation>
    </message>
    <message>
        <source>No arguments.</source>
        <translation>引数なし。</translation>
    </message>
    <message>
        <source>Valid object schema.</source>
        <translation>有効なオブジェクトのスキーマです。</translation>
    </message>
    <message>
        <source>Default (not sent)</source>
        <translation>デフォルト (送信しない)</translation>
    </message>
    <message>
        <source>Auto: the model decides</source>
        <translation>自動: モデルが判断</translation>
    </message>
    <message>
        <source>None: no tool calls</source>
        <translation>なし: ツールを呼び出さない</translation>
    </message>
    <message>
        <source>Required: at least one call</source>
        <translation>必須: 1 回以上呼び出す</translation>
    </message>
    <message>
        <source>Call %1</source>
        <translation>%1 を呼び出す</translation>
    </message>
</context>
</TS>
