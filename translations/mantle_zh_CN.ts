<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ConversationItemLayout</name>
    <message>
        <source>Tool call · %1</source>
        <translation>工具调用 · %1</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>推理</translation>
    </message>
    <message>
        <source>Reasoning (hidden)</source>
        <translation>推理（已隐藏）</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Streaming…</source>
        <translation>正在流式传输…</translation>
    </message>
</context>
<context>
    <name>mantle::JsonFieldReader</name>
    <message>
        <source>a JSON object</source>
        <translation>JSON 对象</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is invalid: expected %2.</source>
        <translation>字段 &quot;%1&quot; 无效：应为%2。</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true 或 false</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>a date and time such as %1</source>
        <translation>日期和时间（例如 %1）</translation>
    </message>
    <message>
        <source>base64 text</source>
        <translation>base64 文本</translation>
    </message>
</context>
<context>
    <name>mantle::Regions</name>
    <message>
        <source>US East (N. Virginia)</source>
        <translation>美国东部（弗吉尼亚州北部）</translation>
    </message>
    <message>
        <source>US East (Ohio)</source>
        <translation>美国东部（俄亥俄州）</translation>
    </message>
    <message>
        <source>US West (Oregon)</source>
        <translation>美国西部（俄勒冈州）</translation>
    </message>
    <message>
        <source>Asia Pacific (Mumbai)</source>
        <translation>亚太地区（孟买）</translation>
    </message>
    <message>
        <source>Asia Pacific (Jakarta)</source>
        <translation>亚太地区（雅加达）</translation>
    </message>
    <message>
        <source>Asia Pacific (Sydney)</source>
        <translation>亚太地区（悉尼）</translation>
    </message>
    <message>
        <source>Asia Pacific (Tokyo)</source>
        <translation>亚太地区（东京）</translation>
    </message>
    <message>
        <source>Europe (Frankfurt)</source>
        <translation>欧洲（法兰克福）</translation>
    </message>
    <message>
        <source>Europe (Ireland)</source>
        <translation>欧洲（爱尔兰）</translation>
    </message>
    <message>
        <source>Europe (London)</source>
        <translation>欧洲（伦敦）</translation>
    </message>
    <message>
        <source>Europe (Milan)</source>
        <translation>欧洲（米兰）</translation>
    </message>
    <message>
        <source>Europe (Stockholm)</source>
        <translation>欧洲（斯德哥尔摩）</translation>
    </message>
    <message>
        <source>South America (São Paulo)</source>
        <translation>南美洲（圣保罗）</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::Account</name>
    <message>
        <source>The account name must be 1 to %1 characters, without &apos;/&apos;, &apos;\&apos;, control characters or blanks at either end.</source>
        <translation>账户名称必须为 1 到 %1 个字符，不能包含“/”、“\”或控制字符，首尾不能有空白。</translation>
    </message>
    <message>
        <source>Account “%1”: “%2” is not a Mantle region; use one of %3.</source>
        <translation>账户“%1”：“%2”不是 Mantle 区域；请使用以下之一：%3。</translation>
    </message>
    <message>
        <source>Account “%1”: the endpoint is not usable: %2</source>
        <translation>账户“%1”：端点不可用：%2</translation>
    </message>
    <message>
        <source>The access key id</source>
        <translation>访问密钥 ID</translation>
    </message>
    <message>
        <source>Account “%1”: %2</source>
        <translation>账户“%1”：%2</translation>
    </message>
    <message>
        <source>Account “%1”: an assumed role needs the name of the account whose keys assume it.</source>
        <translation>账户“%1”：代入的角色需要指定用其密钥代入该角色的账户名称。</translation>
    </message>
    <message>
        <source>Account “%1”: a role cannot be its own source account.</source>
        <translation>账户“%1”：角色不能是它自己的源账户。</translation>
    </message>
    <message>
        <source>Account “%1”: an assumed role needs the AWS profile whose credentials assume it.</source>
        <translation>账户“%1”：代入的角色需要指定用其凭证代入该角色的 AWS 配置文件。</translation>
    </message>
    <message>
        <source>Account “%1”: unknown auth method “%2” (access-key, role or api-key).</source>
        <translation>账户“%1”：未知的身份验证方式“%2”（access-key、role 或 api-key）。</translation>
    </message>
    <message>
        <source>Account “%1”: unknown role source “%2” (account or aws-profile).</source>
        <translation>账户“%1”：未知的角色来源“%2”（account 或 aws-profile）。</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountImporter</name>
    <message>
        <source>AWS profile “%1” uses %2, which accounts do not support.</source>
        <translation>AWS 配置文件“%1”使用了%2，账户不支持这种方式。</translation>
    </message>
    <message>
        <source>Add the account with access keys or an API key instead.</source>
        <translation>请改用访问密钥或 API 密钥添加该账户。</translation>
    </message>
    <message>
        <source>%1 names no region: the account uses %2.</source>
        <translation>%1 未指定区域：账户将使用 %2。</translation>
    </message>
    <message>
        <source>%1 names the region %2, which does not serve Mantle: the account uses %3.</source>
        <translation>%1 指定的区域 %2 不提供 Mantle：账户将使用 %3。</translation>
    </message>
    <message>
        <source>IAM Identity Center (sso_*)</source>
        <translation>IAM Identity Center (sso_*)</translation>
    </message>
    <message>
        <source>AWS profile “%1”</source>
        <translation>AWS 配置文件“%1”</translation>
    </message>
    <message>
        <source>Imported from AWS profile “%1”.</source>
        <translation>从 AWS 配置文件“%1”导入。</translation>
    </message>
    <message>
        <source>role_arn without source_profile</source>
        <translation>role_arn 但没有 source_profile</translation>
    </message>
    <message>
        <source>AWS profile “%1” has only one of aws_access_key_id and aws_secret_access_key.</source>
        <translation>AWS 配置文件“%1”只有 aws_access_key_id 和 aws_secret_access_key 中的一项。</translation>
    </message>
    <message>
        <source>AWS profile “%1” has neither keys nor a role to import.</source>
        <translation>AWS 配置文件“%1”既没有密钥也没有角色可导入。</translation>
    </message>
    <message>
        <source>The environment</source>
        <translation>环境变量</translation>
    </message>
    <message>
        <source>Imported from AWS_BEARER_TOKEN_BEDROCK.</source>
        <translation>从 AWS_BEARER_TOKEN_BEDROCK 导入。</translation>
    </message>
    <message>
        <source>Imported from AWS_ACCESS_KEY_ID.</source>
        <translation>从 AWS_ACCESS_KEY_ID 导入。</translation>
    </message>
    <message>
        <source>The keys from the environment expire at %1.</source>
        <translation>来自环境变量的密钥将于 %1 过期。</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountManager</name>
    <message>
        <source>%1 The account “%2” was not saved.</source>
        <translation>%1 账户“%2”未保存。</translation>
    </message>
    <message>
        <source>There is already an account “%1”.</source>
        <translation>已存在账户“%1”。</translation>
    </message>
    <message>
        <source>Account “%1” needs its secret access key.</source>
        <translation>账户“%1”需要其秘密访问密钥。</translation>
    </message>
    <message>
        <source>Account “%1” needs its API key.</source>
        <translation>账户“%1”需要其 API 密钥。</translation>
    </message>
    <message>
        <source>The source account “%1” of “%2” must be an existing access-key account.</source>
        <translation>“%2”的源账户“%1”必须是已有的访问密钥账户。</translation>
    </message>
    <message>
        <source>The keychain holds no %1 for account “%2”.</source>
        <translation>钥匙串中没有账户“%2”的%1。</translation>
    </message>
    <message>
        <source>Remove the account and add it again.</source>
        <translation>请删除该账户后重新添加。</translation>
    </message>
    <message>
        <source>There is no account “%1”.</source>
        <translation>没有账户“%1”。</translation>
    </message>
    <message>
        <source>Account “%1” is the source of %2: remove those first.</source>
        <translation>账户“%1”是 %2 的源账户：请先删除它们。</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountResolver</name>
    <message>
        <source>The source account “%1” of “%2” is missing or has no access keys.</source>
        <translation>“%2”的源账户“%1”不存在或没有访问密钥。</translation>
    </message>
    <message>
        <source>AWS profile “%1” needs an MFA code, which accounts cannot ask for.</source>
        <translation>AWS 配置文件“%1”需要 MFA 验证码，而账户无法请求输入。</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountStore</name>
    <message>
        <source>There is no account “%1”.</source>
        <translation>没有账户“%1”。</translation>
    </message>
    <message>
        <source>`mantle accounts list` shows the accounts.</source>
        <translation>`mantle accounts list` 可列出所有账户。</translation>
    </message>
    <message>
        <source>The settings of account “%1” are broken: %2</source>
        <translation>账户“%1”的设置已损坏：%2</translation>
    </message>
    <message>
        <source>There is already an account “%1”.</source>
        <translation>已存在账户“%1”。</translation>
    </message>
    <message>
        <source>The settings file “%1” could not be written.</source>
        <translation>无法写入设置文件“%1”。</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2</source>
        <translation>无法写入“%1”：%2</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2</source>
        <translation>无法读取“%1”：%2</translation>
    </message>
    <message>
        <source>“%1” is too large to be an account file.</source>
        <translation>“%1”太大，不可能是账户文件。</translation>
    </message>
    <message>
        <source>“%1” is not an account file exported by Mantle Playground.</source>
        <translation>“%1”不是 Mantle Playground 导出的账户文件。</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::ConnectionTest</name>
    <message>
        <source>the source credentials&apos; principal</source>
        <translation>源凭证的主体</translation>
    </message>
    <message>
        <source>The trust policy of %1 must allow sts:AssumeRole for %2, and that principal needs sts:AssumeRole on the role.</source>
        <translation>%1 的信任策略必须允许 %2 执行 sts:AssumeRole，并且该主体需要对此角色拥有 sts:AssumeRole 权限。</translation>
    </message>
    <message>
        <source>Check that the account&apos;s external ID is the one the trust policy&apos;s sts:ExternalId condition expects.</source>
        <translation>请检查账户的外部 ID 是否与信任策略中 sts:ExternalId 条件要求的一致。</translation>
    </message>
    <message>
        <source>If the trust policy has an sts:ExternalId condition, set the external ID it expects on the account.</source>
        <translation>如果信任策略包含 sts:ExternalId 条件，请在账户中设置它要求的外部 ID。</translation>
    </message>
    <message>
        <source>a Bedrock API key (Bearer)</source>
        <translation>Bedrock API 密钥（Bearer）</translation>
    </message>
    <message>
        <source>The account has no AWS credentials.</source>
        <translation>该账户没有 AWS 凭证。</translation>
    </message>
    <message>
        <source>Store the account&apos;s access key (or pick a source for the role).</source>
        <translation>请保存账户的访问密钥（或为角色选择来源）。</translation>
    </message>
    <message>
        <source>access key %1 (%2)</source>
        <translation>访问密钥 %1（%2）</translation>
    </message>
    <message>
        <source>temporary</source>
        <translation>临时</translation>
    </message>
    <message>
        <source>long-term</source>
        <translation>长期</translation>
    </message>
    <message>
        <source>assumed %1 (access key %2)</source>
        <translation>已代入 %1（访问密钥 %2）</translation>
    </message>
    <message>
        <source>The region “%1” does not serve Bedrock Mantle.</source>
        <translation>区域“%1”不提供 Bedrock Mantle。</translation>
    </message>
    <message>
        <source>Use one of the Mantle regions: %1.</source>
        <translation>请使用以下 Mantle 区域之一：%1。</translation>
    </message>
    <message>
        <source>%1, through %2</source>
        <translation>%1，通过 %2</translation>
    </message>
    <message>
        <source>Allow bedrock-mantle:CallWithBearerToken on &quot;*&quot; for the IAM user that owns the API key (`mantle accounts policy` prints the policy).</source>
        <translation>请为拥有该 API 密钥的 IAM 用户允许对 &quot;*&quot; 执行 bedrock-mantle:CallWithBearerToken（`mantle accounts policy` 可打印该策略）。</translation>
    </message>
    <message>
        <source>Allow %1 on arn:aws:bedrock-mantle:%2:%3:project/* for this account&apos;s IAM principal (`mantle accounts policy` prints the policy), or attach the managed policy AmazonBedrockMantleInferenceAccess.</source>
        <translation>请为此账户的 IAM 主体允许对 arn:aws:bedrock-mantle:%2:%3:project/* 执行 %1（`mantle accounts policy` 可打印该策略），或附加托管策略 AmazonBedrockMantleInferenceAccess。</translation>
    </message>
    <message>
        <source>The model list answer has no “data” array.</source>
        <translation>模型列表响应中没有“data”数组。</translation>
    </message>
    <message>
        <source>1 model listed</source>
        <translation>列出 1 个模型</translation>
    </message>
    <message>
        <source>%1 models listed</source>
        <translation>列出 %1 个模型</translation>
    </message>
    <message>
        <source>%1 answered a 1-token Chat Completions request through %2</source>
        <translation>%1 已通过 %2 响应了 1 个 token 的 Chat Completions 请求</translation>
    </message>
    <message>
        <source>%1 is served under %2, not the prefix tried first; the route was learned for this account and region.</source>
        <translation>%1 在 %2 下提供，而非首先尝试的前缀；已为此账户和区域记住该路由。</translation>
    </message>
    <message>
        <source>%1 is a third-party model: a first call also needs aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions (with the condition aws:CalledViaLast = bedrock-mantle.amazonaws.com).</source>
        <translation>%1 是第三方模型：首次调用还需要 aws-marketplace:Subscribe 和 aws-marketplace:ViewSubscriptions 权限（条件为 aws:CalledViaLast = bedrock-mantle.amazonaws.com）。</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::IamPolicyHelper</name>
    <message>
        <source>Instead of the policy above, attach the AWS managed policy AmazonBedrockMantleInferenceAccess (inference, including the Marketplace subscription for third-party models); AmazonBedrockMantleFullAccess grants everything and AmazonBedrockMantleReadOnly only reading.</source>
        <translation>也可以不使用上面的策略，改为附加 AWS 托管策略 AmazonBedrockMantleInferenceAccess（用于推理，包括第三方模型的 Marketplace 订阅）；AmazonBedrockMantleFullAccess 授予全部权限，AmazonBedrockMantleReadOnly 仅授予读取权限。</translation>
    </message>
    <message>
        <source>Attach it to the IAM user that owns the API key.</source>
        <translation>将其附加到拥有该 API 密钥的 IAM 用户。</translation>
    </message>
    <message>
        <source>Attach it to the role; the trust policy is needed either way.</source>
        <translation>将其附加到该角色；无论哪种方式都需要信任策略。</translation>
    </message>
    <message>
        <source>the IAM user that owns the API key</source>
        <translation>拥有该 API 密钥的 IAM 用户</translation>
    </message>
    <message>
        <source>the IAM user or role of the access key</source>
        <translation>访问密钥所属的 IAM 用户或角色</translation>
    </message>
    <message>
        <source>Identity policy for %1:</source>
        <translation>%1 的身份策略：</translation>
    </message>
    <message>
        <source>Trust policy of the role:</source>
        <translation>角色的信任策略：</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::ModelSettingsStore</name>
    <message>
        <source>The saved model settings of “%1” could not be read: %2</source>
        <translation>无法读取“%1”已保存的模型设置：%2</translation>
    </message>
    <message>
        <source>they are not a JSON object.</source>
        <translation>它们不是 JSON 对象。</translation>
    </message>
    <message>
        <source>“%1” is not an account name.</source>
        <translation>“%1”不是账户名称。</translation>
    </message>
    <message>
        <source>The settings file “%1” could not be written.</source>
        <translation>无法写入设置文件“%1”。</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::SecretStore</name>
    <message>
        <source>No keychain is available (%1).</source>
        <translation>没有可用的钥匙串（%1）。</translation>
    </message>
    <message>
        <source>Start a keychain service (GNOME Keyring or KWallet on Linux). Mantle Playground never keeps secrets in plain files.</source>
        <translation>请启动钥匙串服务（Linux 上为 GNOME Keyring 或 KWallet）。Mantle Playground 从不将密钥保存在明文文件中。</translation>
    </message>
    <message>
        <source>The keychain refused access to “%1” (%2).</source>
        <translation>钥匙串拒绝访问“%1”（%2）。</translation>
    </message>
    <message>
        <source>The keychain failed on “%1” (%2).</source>
        <translation>钥匙串在处理“%1”时出错（%2）。</translation>
    </message>
    <message>
        <source>The keychain entry “%1” is damaged: %2.</source>
        <translation>钥匙串条目“%1”已损坏：%2。</translation>
    </message>
    <message>
        <source>Enter the secret again; saving it stores it anew.</source>
        <translation>请重新输入密钥；保存时会重新存储它。</translation>
    </message>
    <message>
        <source>its %1 parts do not belong to one secret</source>
        <translation>其 %1 个部分不属于同一个密钥</translation>
    </message>
    <message>
        <source>part %1 of %2 (“%3”) is missing</source>
        <translation>缺少第 %1 部分（共 %2 部分，“%3”）</translation>
    </message>
    <message>
        <source>The secret for “%1” is too long for the keychain: it has %2 bytes, and the keychain holds at most %3 (%4 entries of %5 bytes).</source>
        <translation>“%1”的密钥对钥匙串来说太长：它有 %2 字节，而钥匙串最多容纳 %3 字节（%4 个条目，每个 %5 字节）。</translation>
    </message>
    <message>
        <source>Check that only the secret was pasted. Nothing was saved.</source>
        <translation>请检查是否只粘贴了密钥。未保存任何内容。</translation>
    </message>
    <message>
        <source>its header is not understood</source>
        <translation>无法识别其标头</translation>
    </message>
</context>
<context>
    <name>mantle::api::ErrorClassifier</name>
    <message>
        <source>account %1</source>
        <translation>账户 %1</translation>
    </message>
    <message>
        <source>region %1</source>
        <translation>区域 %1</translation>
    </message>
    <message>
        <source>model %1</source>
        <translation>模型 %1</translation>
    </message>
    <message>
        <source>route %1</source>
        <translation>路由 %1</translation>
    </message>
    <message>
        <source>no account or region named</source>
        <translation>未指定账户或区域</translation>
    </message>
    <message>
        <source>, </source>
        <comment>separates the parts of an error&apos;s place</comment>
        <translation>，</translation>
    </message>
    <message>
        <source>no HTTP status</source>
        <translation>无 HTTP 状态</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>HTTP %1, %2</source>
        <translation>HTTP %1，%2</translation>
    </message>
    <message>
        <source>%1.</source>
        <comment>an error sentence without the server&apos;s message</comment>
        <translation>%1。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>an error sentence, then the server&apos;s message</comment>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>A proxy or captive portal answered instead of Mantle, with a web page (HTTP %1; %2).</source>
        <translation>应答的不是 Mantle，而是代理或强制门户返回的网页（HTTP %1；%2）。</translation>
    </message>
    <message>
        <source>Check the network: sign in to the captive portal, or set the proxy (HTTPS_PROXY, NO_PROXY) so that requests reach Mantle.</source>
        <translation>请检查网络：登录强制门户，或设置代理（HTTPS_PROXY、NO_PROXY），使请求能够到达 Mantle。</translation>
    </message>
    <message>
        <source>The model is not served under this route (%1; %2)</source>
        <translation>该模型不在此路由下提供（%1；%2）</translation>
    </message>
    <message>
        <source>Call the model under /openai/v1 or /v1, whichever it is served under.</source>
        <translation>请在 /openai/v1 或 /v1 下调用该模型，以其实际所在的路由为准。</translation>
    </message>
    <message>
        <source>Use the route %1 for this model instead (the app retries there once and remembers it).</source>
        <translation>请改用路由 %1 调用此模型（应用会在该路由下重试一次并记住它）。</translation>
    </message>
    <message>
        <source>The model does not support the %1 API (%2; %3).</source>
        <translation>该模型不支持 %1 API（%2；%3）。</translation>
    </message>
    <message>
        <source>Use %1 for this model instead.</source>
        <translation>请改用 %1 调用此模型。</translation>
    </message>
    <message>
        <source>Mantle refused the request&apos;s signature because this computer&apos;s clock is off by about %1 seconds (%2; %3).</source>
        <translation>Mantle 拒绝了请求的签名，因为这台计算机的时钟偏差约 %1 秒（%2；%3）。</translation>
    </message>
    <message>
        <source>Mantle refused the request&apos;s signature because its time is outside the allowed window, so this computer&apos;s clock is probably wrong (%1; %2).</source>
        <translation>Mantle 拒绝了请求的签名，因为其时间超出了允许的范围，这台计算机的时钟可能不正确（%1；%2）。</translation>
    </message>
    <message>
        <source>Set this computer&apos;s clock to the correct time (turn on automatic time synchronisation), then try again.</source>
        <translation>请将这台计算机的时钟设置为正确时间（开启自动时间同步），然后重试。</translation>
    </message>
    <message>
        <source>The credentials have expired (%1; %2).</source>
        <translation>凭证已过期（%1；%2）。</translation>
    </message>
    <message>
        <source>Create a new Bedrock API key and update the account.</source>
        <translation>请创建新的 Bedrock API 密钥并更新账户。</translation>
    </message>
    <message>
        <source>Refresh the credentials (for example with `aws sso login`, or a new session token for the account), then try again.</source>
        <translation>请刷新凭证（例如运行 `aws sso login`，或为账户设置新的会话令牌），然后重试。</translation>
    </message>
    <message>
        <source>Mantle did not accept the API key (%1; %2).</source>
        <translation>Mantle 不接受该 API 密钥（%1；%2）。</translation>
    </message>
    <message>
        <source>The API key is wrong, expired or revoked: create a new Bedrock API key (long-term keys start with ABSK) and update the account.</source>
        <translation>API 密钥错误、已过期或已被吊销：请创建新的 Bedrock API 密钥（长期密钥以 ABSK 开头）并更新账户。</translation>
    </message>
    <message>
        <source>The request was signed for another service (%1; %2)</source>
        <translation>请求是为其他服务签名的（%1；%2）</translation>
    </message>
    <message>
        <source>Sign requests with the service name bedrock-mantle.</source>
        <translation>请使用服务名称 bedrock-mantle 为请求签名。</translation>
    </message>
    <message>
        <source>The request was signed for another region (%1; %2)</source>
        <translation>请求是为其他区域签名的（%1；%2）</translation>
    </message>
    <message>
        <source>Sign requests with the region of the endpoint (%1).</source>
        <translation>请使用端点所在的区域（%1）为请求签名。</translation>
    </message>
    <message>
        <source>Mantle did not accept the AWS credentials (%1; %2)</source>
        <translation>Mantle 不接受该 AWS 凭证（%1；%2）</translation>
    </message>
    <message>
        <source>Check the account&apos;s access key id and secret access key (and the session token, if it has one).</source>
        <translation>请检查账户的访问密钥 ID 和秘密访问密钥（如有会话令牌，也一并检查）。</translation>
    </message>
    <message>
        <source>Access was denied (%1; %2)</source>
        <translation>访问被拒绝（%1；%2）</translation>
    </message>
    <message>
        <source>The model is sold through AWS Marketplace: allow aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions (with the condition aws:CalledViaLast = bedrock-mantle.amazonaws.com), or attach the managed policy AmazonBedrockMantleInferenceAccess.</source>
        <translation>该模型通过 AWS Marketplace 销售：请允许 aws-marketplace:Subscribe 和 aws-marketplace:ViewSubscriptions（条件为 aws:CalledViaLast = bedrock-mantle.amazonaws.com），或附加托管策略 AmazonBedrockMantleInferenceAccess。</translation>
    </message>
    <message>
        <source>Allow the action %1 for this account&apos;s IAM principal.</source>
        <translation>请为此账户的 IAM 主体允许操作 %1。</translation>
    </message>
    <message>
        <source>Allow bedrock-mantle:CallWithBearerToken on &quot;*&quot; for the IAM principal that owns the API key.</source>
        <translation>请为拥有该 API 密钥的 IAM 主体允许对 &quot;*&quot; 执行 bedrock-mantle:CallWithBearerToken。</translation>
    </message>
    <message>
        <source>Allow bedrock-mantle:CreateInference on arn:aws:bedrock-mantle:%1:&lt;account-id&gt;:project/* for this account&apos;s IAM principal, or attach the managed policy AmazonBedrockMantleInferenceAccess.</source>
        <translation>请为此账户的 IAM 主体允许对 arn:aws:bedrock-mantle:%1:&lt;account-id&gt;:project/* 执行 bedrock-mantle:CreateInference，或附加托管策略 AmazonBedrockMantleInferenceAccess。</translation>
    </message>
    <message>
        <source>The model does not exist here (%1; %2)</source>
        <translation>该模型在此处不存在（%1；%2）</translation>
    </message>
    <message>
        <source>Model ids are bare: try %1. `mantle models` lists the region&apos;s models.</source>
        <translation>模型 ID 不带前后缀：请尝试 %1。`mantle models` 可列出该区域的模型。</translation>
    </message>
    <message>
        <source>Check the model id: ids are bare, without a -v1:0 suffix or a us./global. prefix. `mantle models` lists the region&apos;s models.</source>
        <translation>请检查模型 ID：ID 不带 -v1:0 后缀，也不带 us./global. 前缀。`mantle models` 可列出该区域的模型。</translation>
    </message>
    <message>
        <source>Mantle found nothing there (%1; %2)</source>
        <translation>Mantle 在该位置未找到任何内容（%1；%2）</translation>
    </message>
    <message>
        <source>Check the id in the request (for example a response id) and the endpoint, if one is set.</source>
        <translation>请检查请求中的 ID（例如响应 ID），以及端点（如已设置）。</translation>
    </message>
    <message>
        <source>The prompt is too long for the model: %1 tokens, and it takes at most %2 (%3; %4).</source>
        <translation>提示词对该模型来说太长：%1 个 token，而该模型最多支持 %2 个（%3；%4）。</translation>
    </message>
    <message>
        <source>The prompt is too long for the model (%1; %2)</source>
        <translation>提示词对该模型来说太长（%1；%2）</translation>
    </message>
    <message>
        <source>Shorten the prompt or the conversation (drop earlier turns or attachments), or choose a model with a longer context.</source>
        <translation>请缩短提示词或对话（删除较早的轮次或附件），或选择上下文更长的模型。</translation>
    </message>
    <message>
        <source>Mantle is limiting requests (%1; %2)</source>
        <translation>Mantle 正在限制请求（%1；%2）</translation>
    </message>
    <message>
        <source>Try again in %1 s (as Mantle asked). Each endpoint has its own quotas; if this keeps happening, ask for more in Service Quotas.</source>
        <translation>请在 %1 s 后重试（按 Mantle 的要求）。每个端点都有自己的配额；如果此问题持续出现，请在 Service Quotas 中申请提高配额。</translation>
    </message>
    <message>
        <source>Wait a moment and try again. Each endpoint has its own quotas; if this keeps happening, ask for more in Service Quotas.</source>
        <translation>请稍候再试。每个端点都有自己的配额；如果此问题持续出现，请在 Service Quotas 中申请提高配额。</translation>
    </message>
    <message>
        <source>The model is overloaded (%1; %2)</source>
        <translation>模型过载（%1；%2）</translation>
    </message>
    <message>
        <source>Mantle had a server error (%1; %2)</source>
        <translation>Mantle 发生服务器错误（%1；%2）</translation>
    </message>
    <message>
        <source>This is on the server&apos;s side: try again in a moment.</source>
        <translation>这是服务器端的问题：请稍后重试。</translation>
    </message>
    <message>
        <source>This is on the server&apos;s side: try again in a moment. If it keeps happening, give AWS Support the request id %1.</source>
        <translation>这是服务器端的问题：请稍后重试。如果问题持续出现，请向 AWS Support 提供请求 ID %1。</translation>
    </message>
    <message>
        <source>Mantle did not accept the credentials (%1; %2)</source>
        <translation>Mantle 不接受该凭证（%1；%2）</translation>
    </message>
    <message>
        <source>Check the account&apos;s access key id and secret access key, and that requests are signed for bedrock-mantle in %1.</source>
        <translation>请检查账户的访问密钥 ID 和秘密访问密钥，并确认请求是针对 %1 中的 bedrock-mantle 签名的。</translation>
    </message>
    <message>
        <source>Mantle rejected the request (%1; %2)</source>
        <translation>Mantle 拒绝了该请求（%1；%2）</translation>
    </message>
    <message>
        <source>Check the request&apos;s parameters against the %1 API.</source>
        <translation>请对照 %1 API 检查请求的参数。</translation>
    </message>
    <message>
        <source>Correct what the server&apos;s message names, then send the request again.</source>
        <translation>请更正服务器消息中指出的问题，然后重新发送请求。</translation>
    </message>
    <message>
        <source>Mantle answered with an error and an empty body (%1; %2).</source>
        <translation>Mantle 返回了错误，且响应正文为空（%1；%2）。</translation>
    </message>
    <message>
        <source>Mantle answered with an error (%1; %2)</source>
        <translation>Mantle 返回了错误（%1；%2）</translation>
    </message>
    <message>
        <source>If it keeps happening, give AWS Support the request id %1.</source>
        <translation>如果问题持续出现，请向 AWS Support 提供请求 ID %1。</translation>
    </message>
</context>
<context>
    <name>mantle::api::JsonValueReader</name>
    <message>
        <source>The answer is not valid JSON (%1 at byte %2).</source>
        <translation>响应不是有效的 JSON（%1，位于字节 %2）。</translation>
    </message>
    <message>
        <source>The answer is JSON but not an object, as an answer body is.</source>
        <translation>响应是 JSON，但不是响应正文应有的对象。</translation>
    </message>
</context>
<context>
    <name>mantle::api::RequestSpec</name>
    <message>
        <source>The request field &quot;%1&quot; is invalid: expected %2.</source>
        <translation>请求字段 &quot;%1&quot; 无效：应为%2。</translation>
    </message>
    <message>
        <source>Correct or remove the field and try again.</source>
        <translation>请更正或删除该字段，然后重试。</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true 或 false</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>a JSON object</source>
        <translation>JSON 对象</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>one of %1</source>
        <translation>以下之一：%1</translation>
    </message>
    <message>
        <source>&quot;user&quot;, &quot;assistant&quot; or &quot;tool&quot;</source>
        <translation>&quot;user&quot;、&quot;assistant&quot; 或 &quot;tool&quot;</translation>
    </message>
    <message>
        <source>The request field &quot;%1&quot; is invalid: %2</source>
        <translation>请求字段 &quot;%1&quot; 无效：%2</translation>
    </message>
    <message>
        <source>the %1 API has no such setting.</source>
        <translation>%1 API 没有此设置。</translation>
    </message>
    <message>
        <source>Remove the setting or choose an API that supports it.</source>
        <translation>请删除该设置，或选择支持它的 API。</translation>
    </message>
    <message>
        <source>a user message needs text.</source>
        <translation>用户消息需要包含文本。</translation>
    </message>
    <message>
        <source>an assistant message needs text or tool calls.</source>
        <translation>助手消息需要包含文本或工具调用。</translation>
    </message>
    <message>
        <source>a tool call needs an id.</source>
        <translation>工具调用需要 ID。</translation>
    </message>
    <message>
        <source>a tool call needs a name.</source>
        <translation>工具调用需要名称。</translation>
    </message>
    <message>
        <source>a tool result must name the tool call it answers.</source>
        <translation>工具结果必须指明它所响应的工具调用。</translation>
    </message>
    <message>
        <source>only assistant messages carry tool calls.</source>
        <translation>只有助手消息可以包含工具调用。</translation>
    </message>
    <message>
        <source>only tool messages answer a tool call.</source>
        <translation>只有工具消息可以响应工具调用。</translation>
    </message>
    <message>
        <source>%1 requests are not built from a conversation.</source>
        <translation>%1 请求不是根据对话构建的。</translation>
    </message>
    <message>
        <source>no model is chosen.</source>
        <translation>未选择模型。</translation>
    </message>
    <message>
        <source>Choose a model, e.g. from the model list.</source>
        <translation>请选择一个模型，例如从模型列表中选择。</translation>
    </message>
    <message>
        <source>the conversation is empty.</source>
        <translation>对话为空。</translation>
    </message>
    <message>
        <source>Write a message to send.</source>
        <translation>请编写要发送的消息。</translation>
    </message>
    <message>
        <source>it must lie between 0 and %1.</source>
        <translation>它必须介于 0 和 %1 之间。</translation>
    </message>
    <message>
        <source>it must lie between 0 and 1.</source>
        <translation>它必须介于 0 和 1 之间。</translation>
    </message>
    <message>
        <source>it must be at least 1.</source>
        <translation>它必须至少为 1。</translation>
    </message>
    <message>
        <source>a stop sequence cannot be empty.</source>
        <translation>停止序列不能为空。</translation>
    </message>
    <message>
        <source>a tool needs a name of 1 to 64 letters, digits, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>工具名称必须为 1 到 64 个字母、数字、“_”或“-”。</translation>
    </message>
    <message>
        <source>the tool name &quot;%1&quot; is used twice.</source>
        <translation>工具名称 &quot;%1&quot; 被使用了两次。</translation>
    </message>
    <message>
        <source>the parameters schema must have &quot;type&quot;: &quot;object&quot;.</source>
        <translation>参数 Schema 必须包含 &quot;type&quot;: &quot;object&quot;。</translation>
    </message>
    <message>
        <source>no tools are defined.</source>
        <translation>未定义任何工具。</translation>
    </message>
    <message>
        <source>Define a tool or remove the tool choice.</source>
        <translation>请定义一个工具，或移除工具选择。</translation>
    </message>
    <message>
        <source>no tool named &quot;%1&quot; is defined.</source>
        <translation>未定义名为 &quot;%1&quot; 的工具。</translation>
    </message>
    <message>
        <source>a name is only given with the &quot;function&quot; mode.</source>
        <translation>只有 &quot;function&quot; 模式才需要提供名称。</translation>
    </message>
    <message>
        <source>Claude cannot be forced to call a tool while thinking.</source>
        <translation>Claude 在思考时无法被强制调用工具。</translation>
    </message>
    <message>
        <source>Use &quot;auto&quot; or turn thinking off.</source>
        <translation>请使用 &quot;auto&quot;，或关闭思考。</translation>
    </message>
    <message>
        <source>a schema needs a name of 1 to 64 letters, digits, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>Schema 名称必须为 1 到 64 个字母、数字、“_”或“-”。</translation>
    </message>
    <message>
        <source>the schema must have &quot;type&quot;: &quot;object&quot;.</source>
        <translation>Schema 必须包含 &quot;type&quot;: &quot;object&quot;。</translation>
    </message>
    <message>
        <source>a tool is already named &quot;%1&quot;.</source>
        <translation>已有名为 &quot;%1&quot; 的工具。</translation>
    </message>
    <message>
        <source>with a schema, Messages must be forced to the schema&apos;s tool.</source>
        <translation>使用 Schema 时，Messages 必须强制使用该 Schema 的工具。</translation>
    </message>
    <message>
        <source>Remove the tool choice or the schema.</source>
        <translation>请移除工具选择或 Schema。</translation>
    </message>
    <message>
        <source>Claude cannot follow a schema while thinking.</source>
        <translation>Claude 在思考时无法遵循 Schema。</translation>
    </message>
    <message>
        <source>Turn thinking off or remove the schema.</source>
        <translation>请关闭思考，或移除 Schema。</translation>
    </message>
    <message>
        <source>a background response must be stored.</source>
        <translation>后台响应必须被存储。</translation>
    </message>
    <message>
        <source>Allow storing the response or turn background off.</source>
        <translation>请允许存储响应，或关闭后台模式。</translation>
    </message>
</context>
<context>
    <name>mantle::api::StreamAccumulator</name>
    <message>
        <source>The stream ended before its final event: the answer may be cut short. Try the request again.</source>
        <translation>流在最终事件之前就结束了：响应可能不完整。请重试该请求。</translation>
    </message>
    <message>
        <source>A “%1” event of the stream is not valid JSON (%2) and was skipped; the answer may be incomplete.</source>
        <translation>流中的一个“%1”事件不是有效的 JSON（%2），已被跳过；响应可能不完整。</translation>
    </message>
</context>
<context>
    <name>mantle::api::ToolDefinitionJson</name>
    <message>
        <source>%1: item %2 is not a JSON object.</source>
        <translation>%1：第 %2 项不是 JSON 对象。</translation>
    </message>
    <message>
        <source>%1: the description of item %2 is not a JSON string.</source>
        <translation>%1：第 %2 项的描述不是 JSON 字符串。</translation>
    </message>
    <message>
        <source>%1: the %2 of item %3 is not a JSON object.</source>
        <translation>%1：第 %3 项的 %2 不是 JSON 对象。</translation>
    </message>
    <message>
        <source>%1: the name of item %2 is not a JSON string.</source>
        <translation>%1：第 %2 项的名称不是 JSON 字符串。</translation>
    </message>
    <message>
        <source>%1: item %2 has no name.</source>
        <translation>%1：第 %2 项没有名称。</translation>
    </message>
    <message>
        <source>%1: not JSON (%2 at line %3, column %4).</source>
        <translation>%1：不是 JSON（%2，位于第 %3 行第 %4 列）。</translation>
    </message>
    <message>
        <source>%1: expected a JSON array of tools, or an object with a &quot;tools&quot; array.</source>
        <translation>%1：应为工具的 JSON 数组，或包含 &quot;tools&quot; 数组的对象。</translation>
    </message>
</context>
<context>
    <name>mantle::api::TurnReader</name>
    <message>
        <source>The %1 API does not answer with a model turn.</source>
        <translation>%1 API 不会以模型轮次作答。</translation>
    </message>
</context>
<context>
    <name>mantle::api::chat::ChatRequestBuilder</name>
    <message>
        <source>A %1 request cannot be built as a Chat Completions request.</source>
        <translation>无法将 %1 请求构建为 Chat Completions 请求。</translation>
    </message>
</context>
<context>
    <name>mantle::api::messages::MessagesRequestBuilder</name>
    <message>
        <source>The request field &quot;%1&quot; is invalid: the arguments of a Claude tool call must be a JSON object.</source>
        <translation>请求字段 &quot;%1&quot; 无效：Claude 工具调用的参数必须是 JSON 对象。</translation>
    </message>
    <message>
        <source>A %1 request cannot be built as a Messages request.</source>
        <translation>无法将 %1 请求构建为 Messages 请求。</translation>
    </message>
</context>
<context>
    <name>mantle::api::messages::MessagesResponseParser</name>
    <message>
        <source>The answer is not a readable Messages body (%1).</source>
        <translation>响应不是可读取的 Messages 正文（%1）。</translation>
    </message>
</context>
<context>
    <name>mantle::api::responses::ResponsesRequestBuilder</name>
    <message>
        <source>A %1 request cannot be built as a Responses request.</source>
        <translation>无法将 %1 请求构建为 Responses 请求。</translation>
    </message>
    <message>
        <source>“%1” is not a response id.</source>
        <translation>“%1”不是响应 ID。</translation>
    </message>
    <message>
        <source>Response ids look like resp_ followed by letters and digits, as the answer of a Responses request gives them.</source>
        <translation>响应 ID 的形式为 resp_ 后跟字母和数字，与 Responses 请求的响应中给出的一致。</translation>
    </message>
</context>
<context>
    <name>mantle::api::responses::ResponsesResponseParser</name>
    <message>
        <source>The response failed and the server gave no reason.</source>
        <translation>响应失败，服务器未给出原因。</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AssumeRoleCredentialProvider</name>
    <message>
        <source>The credentials for the role %1 cannot be renewed: its STS client or source credentials are gone.</source>
        <translation>无法续订角色 %1 的凭证：其 STS 客户端或源凭证已不存在。</translation>
    </message>
    <message>
        <source>The credentials for the role %1 cannot be renewed: its STS client is gone.</source>
        <translation>无法续订角色 %1 的凭证：其 STS 客户端已不存在。</translation>
    </message>
    <message>
        <source>STS gave credentials for the role %1 that had expired already, at %2.</source>
        <translation>STS 为角色 %1 提供的凭证在 %2 时就已过期。</translation>
    </message>
    <message>
        <source>Check that this computer&apos;s clock is set to the correct time.</source>
        <translation>请检查这台计算机的时钟是否设置为正确时间。</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AssumeRoleParameters</name>
    <message>
        <source>“%1”</source>
        <translation>“%1”</translation>
    </message>
    <message>
        <source>Give the ARN of the role to assume, as the IAM console shows it on the role&apos;s page, for example %1.</source>
        <translation>请提供要代入的角色的 ARN，即 IAM 控制台在该角色页面上显示的 ARN，例如 %1。</translation>
    </message>
    <message>
        <source>The role ARN is empty.</source>
        <translation>角色 ARN 为空。</translation>
    </message>
    <message>
        <source>“%1” is the ARN of a role session, not of a role.</source>
        <translation>“%1”是角色会话的 ARN，而不是角色的 ARN。</translation>
    </message>
    <message>
        <source>“%1” is not the ARN of an IAM role.</source>
        <translation>“%1”不是 IAM 角色的 ARN。</translation>
    </message>
    <message>
        <source>Use 2 to 64 characters: letters, digits and + = , . @ _ -.</source>
        <translation>请使用 2 到 64 个字符：字母、数字以及 + = , . @ _ -。</translation>
    </message>
    <message numerus="yes">
        <source>The role session name has %n character(s).</source>
        <translation>
            <numerusform>角色会话名称有 %n 个字符。</numerusform>
        </translation>
    </message>
    <message>
        <source>The role session name contains %1, which STS does not allow.</source>
        <translation>角色会话名称包含 %1，STS 不允许使用该字符。</translation>
    </message>
    <message>
        <source>Use the external ID exactly as the role&apos;s owner gave it: 2 to 1224 characters of letters, digits and + = , . @ : / _ -.</source>
        <translation>请完全按照角色所有者提供的内容填写外部 ID：2 到 1224 个字符，可包含字母、数字以及 + = , . @ : / _ -。</translation>
    </message>
    <message numerus="yes">
        <source>The external ID has %n character(s).</source>
        <translation>
            <numerusform>外部 ID 有 %n 个字符。</numerusform>
        </translation>
    </message>
    <message>
        <source>The external ID contains %1 at position %2, which STS does not allow.</source>
        <translation>外部 ID 在第 %2 个位置包含 %1，STS 不允许使用该字符。</translation>
    </message>
    <message>
        <source>The session duration of %1 seconds is outside the range STS accepts, %2 to %3 seconds (15 minutes to 12 hours).</source>
        <translation>会话持续时间 %1 秒超出了 STS 接受的范围 %2 到 %3 秒（15 分钟到 12 小时）。</translation>
    </message>
    <message>
        <source>Choose a duration in that range. The role&apos;s own maximum may be lower: one hour unless its owner raised it, and always one hour when a role assumes a role.</source>
        <translation>请选择该范围内的持续时间。角色自身的上限可能更低：除非其所有者调高，否则为 1 小时；由角色代入角色时始终为 1 小时。</translation>
    </message>
    <message>
        <source>Give a region code such as us-east-1.</source>
        <translation>请提供区域代码，例如 us-east-1。</translation>
    </message>
    <message>
        <source>No region is set for STS.</source>
        <translation>未为 STS 设置区域。</translation>
    </message>
    <message>
        <source>“%1” is not an AWS region code.</source>
        <translation>“%1”不是 AWS 区域代码。</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AwsConfigFile</name>
    <message>
        <source>More lines from this one on (%1 in all) also have problems and were ignored; fix the ones reported above first.</source>
        <translation>从这一行起，还有更多行（共 %1 行）存在问题并被忽略；请先修复上面报告的问题。</translation>
    </message>
    <message>
        <source>This line is not valid UTF-8 text and is ignored. Save the file as UTF-8.</source>
        <translation>此行不是有效的 UTF-8 文本，已被忽略。请将文件保存为 UTF-8。</translation>
    </message>
    <message>
        <source>This section header has no closing “]”; it and the settings under it are ignored.</source>
        <translation>此节标题缺少结尾的“]”；该标题及其下的设置都将被忽略。</translation>
    </message>
    <message>
        <source>This section header has text after its closing “]”; it and the settings under it are ignored.</source>
        <translation>此节标题在结尾的“]”之后还有文本；该标题及其下的设置都将被忽略。</translation>
    </message>
    <message>
        <source>This section header is empty; it and the settings under it are ignored. Write [default] or [profile NAME].</source>
        <translation>此节标题为空；该标题及其下的设置都将被忽略。请写成 [default] 或 [profile NAME]。</translation>
    </message>
    <message>
        <source>This [profile] header has no profile name; it and the settings under it are ignored. Write [profile NAME].</source>
        <translation>此 [profile] 标题没有配置文件名称；该标题及其下的设置都将被忽略。请写成 [profile NAME]。</translation>
    </message>
    <message>
        <source>This profile name contains a space, which profile names cannot hold; the section and the settings under it are ignored.</source>
        <translation>此配置文件名称包含空格，而配置文件名称不能包含空格；该节及其下的设置都将被忽略。</translation>
    </message>
    <message>
        <source>The setting “%1” comes before any section header, so it belongs to no profile and is ignored. Put it under [default] or [profile NAME].</source>
        <translation>设置“%1”位于所有节标题之前，因此不属于任何配置文件，已被忽略。请将其放在 [default] 或 [profile NAME] 下。</translation>
    </message>
    <message>
        <source>This setting comes before any section header, so it belongs to no profile and is ignored. Put it under [default] or [profile NAME].</source>
        <translation>此设置位于所有节标题之前，因此不属于任何配置文件，已被忽略。请将其放在 [default] 或 [profile NAME] 下。</translation>
    </message>
    <message>
        <source>This line is not a “key = value” setting, a [section] header or a comment, and is ignored.</source>
        <translation>此行既不是“key = value”设置，也不是 [section] 标题或注释，已被忽略。</translation>
    </message>
    <message>
        <source>This line has “=” but no key before it, and is ignored.</source>
        <translation>此行有“=”，但前面没有键，已被忽略。</translation>
    </message>
    <message>
        <source>This line is indented more than the setting “%1” on line %2, so it would continue that value over several lines, which is not supported; it is ignored. Remove the indentation.</source>
        <translation>此行的缩进比第 %2 行的设置“%1”更深，因此会把该值延续到多行，但这不受支持；此行已被忽略。请删除缩进。</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>（未命名）</translation>
    </message>
    <message>
        <source>This line among the nested settings of “%1” is not a “key = value” setting and is ignored.</source>
        <translation>“%1”的嵌套设置中的这一行不是“key = value”设置，已被忽略。</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AwsEnvironment</name>
    <message>
        <source>An access key ID is one word of letters and digits, such as AKIAIOSFODNN7EXAMPLE; check for a copy-and-paste mistake.</source>
        <translation>访问密钥 ID 是由字母和数字组成的单个词，例如 AKIAIOSFODNN7EXAMPLE；请检查是否存在复制粘贴错误。</translation>
    </message>
    <message>
        <source>%1 contains a blank or a line break.</source>
        <translation>%1 包含空白或换行符。</translation>
    </message>
    <message>
        <source>%1 contains quotation marks.</source>
        <translation>%1 包含引号。</translation>
    </message>
    <message>
        <source>Remove the quotes: they are not part of the key ID.</source>
        <translation>请删除引号：引号不是密钥 ID 的一部分。</translation>
    </message>
    <message>
        <source>%1 contains “/” or “+”, which access key IDs never hold.</source>
        <translation>%1 包含“/”或“+”，而访问密钥 ID 从不包含这些字符。</translation>
    </message>
    <message>
        <source>It may be the secret access key: check that the key ID and the secret were not swapped.</source>
        <translation>它可能是秘密访问密钥：请检查密钥 ID 和秘密访问密钥是否填反了。</translation>
    </message>
    <message>
        <source>%1 contains characters other than the letters A to Z and the digits 0 to 9.</source>
        <translation>%1 包含字母 A 到 Z 和数字 0 到 9 以外的字符。</translation>
    </message>
    <message>
        <source>%1 is too short to be an access key ID.</source>
        <translation>%1 太短，不可能是访问密钥 ID。</translation>
    </message>
    <message>
        <source>AWS access key IDs are 16 to 128 characters long.</source>
        <translation>AWS 访问密钥 ID 的长度为 16 到 128 个字符。</translation>
    </message>
    <message>
        <source>%1 is too long to be an access key ID.</source>
        <translation>%1 太长，不可能是访问密钥 ID。</translation>
    </message>
    <message>
        <source>Check for a copy-and-paste mistake: secrets are one word.</source>
        <translation>请检查是否存在复制粘贴错误：密钥是单个词。</translation>
    </message>
    <message>
        <source>%1 contains a line break, a tab or another invisible character.</source>
        <translation>%1 包含换行符、制表符或其他不可见字符。</translation>
    </message>
    <message>
        <source>%1 contains a blank.</source>
        <translation>%1 包含空白。</translation>
    </message>
    <message>
        <source>%1 is wrapped in quotation marks.</source>
        <translation>%1 被引号括起来了。</translation>
    </message>
    <message>
        <source>Remove the quotes: they are not part of the secret.</source>
        <translation>请删除引号：引号不是密钥的一部分。</translation>
    </message>
    <message>
        <source>%1 is set but %2 is not.</source>
        <translation>已设置 %1，但未设置 %2。</translation>
    </message>
    <message>
        <source>Set both variables, or neither.</source>
        <translation>请同时设置这两个变量，或都不设置。</translation>
    </message>
    <message>
        <source>%1 is set but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not.</source>
        <translation>已设置 %1，但未设置 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY。</translation>
    </message>
    <message>
        <source>A session token belongs to temporary keys: set all three variables, or unset %1.</source>
        <translation>会话令牌属于临时密钥：请设置全部三个变量，或取消设置 %1。</translation>
    </message>
    <message>
        <source>%1 is not an ISO 8601 date and time.</source>
        <translation>%1 不是 ISO 8601 日期和时间。</translation>
    </message>
    <message>
        <source>Write it like 2025-01-31T12:00:00Z, or unset it.</source>
        <translation>请写成 2025-01-31T12:00:00Z 的形式，或取消设置。</translation>
    </message>
    <message>
        <source>%1 starts with “Bearer ”.</source>
        <translation>%1 以“Bearer ”开头。</translation>
    </message>
    <message>
        <source>Set it to the API key alone; the word Bearer is added when the request is sent.</source>
        <translation>请只设置 API 密钥本身；发送请求时会自动添加 Bearer 一词。</translation>
    </message>
    <message>
        <source>%1 contains a line break or another control character.</source>
        <translation>%1 包含换行符或其他控制字符。</translation>
    </message>
    <message>
        <source>Set it to the name of a profile in your AWS config files.</source>
        <translation>请将其设置为 AWS 配置文件中某个配置文件的名称。</translation>
    </message>
    <message>
        <source>Remove the quotes: they are not part of the profile name.</source>
        <translation>请删除引号：引号不是配置文件名称的一部分。</translation>
    </message>
    <message>
        <source>%1 is not an AWS region code.</source>
        <translation>%1 不是 AWS 区域代码。</translation>
    </message>
    <message>
        <source>Set it to a region code such as us-east-1 (not a region&apos;s name, and not an Availability Zone such as us-east-1a).</source>
        <translation>请将其设置为区域代码，例如 us-east-1（不是区域名称，也不是 us-east-1a 这样的可用区）。</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AwsProfileResolver</name>
    <message>
        <source>“%1”</source>
        <translation>“%1”</translation>
    </message>
    <message>
        <source>the config file</source>
        <translation>config 文件</translation>
    </message>
    <message>
        <source>the credentials file</source>
        <translation>credentials 文件</translation>
    </message>
    <message>
        <source>Mantle Playground cannot get credentials this way yet. Run “aws configure export-credentials --profile %1 --format env” and use the variables it prints, or give the profile access keys.</source>
        <translation>Mantle Playground 暂时无法通过这种方式获取凭证。请运行“aws configure export-credentials --profile %1 --format env”并使用它输出的变量，或为该配置文件提供访问密钥。</translation>
    </message>
    <message>
        <source>%1 is a folder, not an AWS configuration file.</source>
        <translation>%1 是文件夹，而不是 AWS 配置文件。</translation>
    </message>
    <message>
        <source>Point AWS_CONFIG_FILE or AWS_SHARED_CREDENTIALS_FILE at a file.</source>
        <translation>请将 AWS_CONFIG_FILE 或 AWS_SHARED_CREDENTIALS_FILE 指向一个文件。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation>无法读取 %1：%2。</translation>
    </message>
    <message>
        <source>Check that your user may read the file.</source>
        <translation>请检查您的用户是否有权读取该文件。</translation>
    </message>
    <message>
        <source>%1 is larger than 1 MiB, too large to be an AWS configuration file.</source>
        <translation>%1 大于 1 MiB，太大，不可能是 AWS 配置文件。</translation>
    </message>
    <message>
        <source>Check AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE.</source>
        <translation>请检查 AWS_CONFIG_FILE 和 AWS_SHARED_CREDENTIALS_FILE。</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <source>%1, line %2</source>
        <translation>%1，第 %2 行</translation>
    </message>
    <message>
        <source>%1 has a section [%2] on line %3, but in that file a profile&apos;s header is written [profile %2].</source>
        <translation>%1 在第 %3 行有一个节 [%2]，但在该文件中，配置文件的标题应写为 [profile %2]。</translation>
    </message>
    <message>
        <source>Check the name; the profiles defined are: %1.</source>
        <translation>请检查名称；已定义的配置文件有：%1。</translation>
    </message>
    <message>
        <source>Neither file defines a profile yet; run “aws configure --profile %1” to add one.</source>
        <translation>两个文件都尚未定义任何配置文件；请运行“aws configure --profile %1”添加一个。</translation>
    </message>
    <message>
        <source>The AWS profile “%1” does not exist in %2 or %3.</source>
        <translation>AWS 配置文件“%1”在 %2 和 %3 中都不存在。</translation>
    </message>
    <message>
        <source>duration_seconds of the profile “%1” (%2) is not a whole number of seconds from %3 to %4.</source>
        <translation>配置文件“%1”（%2）的 duration_seconds 不是 %3 到 %4 之间的整数秒数。</translation>
    </message>
    <message>
        <source>Use 3600 for one hour, or remove the setting.</source>
        <translation>使用 3600 表示 1 小时，或删除该设置。</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) assumes its role with a web identity token (web_identity_token_file), which is not supported yet.</source>
        <translation>配置文件“%1”（%2）使用 Web 身份令牌（web_identity_token_file）代入角色，目前尚不支持这种方式。</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) has role_arn but neither source_profile nor credential_source.</source>
        <translation>配置文件“%1”（%2）有 role_arn，但既没有 source_profile 也没有 credential_source。</translation>
    </message>
    <message>
        <source>Add source_profile = NAME, the profile whose keys assume the role, or credential_source = Environment.</source>
        <translation>请添加 source_profile = NAME（用其密钥代入该角色的配置文件），或 credential_source = Environment。</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) has both source_profile and credential_source.</source>
        <translation>配置文件“%1”（%2）同时有 source_profile 和 credential_source。</translation>
    </message>
    <message>
        <source>Keep only one of them.</source>
        <translation>请只保留其中一个。</translation>
    </message>
    <message>
        <source>The role_arn of the profile “%1” (%2) is not an ARN.</source>
        <translation>配置文件“%1”（%2）的 role_arn 不是 ARN。</translation>
    </message>
    <message>
        <source>Write it like arn:aws:iam::123456789012:role/NAME.</source>
        <translation>请写成 arn:aws:iam::123456789012:role/NAME 的形式。</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) takes its credentials from the environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set.</source>
        <translation>配置文件“%1”（%2）从环境变量获取凭证，但未设置 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY。</translation>
    </message>
    <message>
        <source>Set both variables, or change credential_source.</source>
        <translation>请设置这两个变量，或更改 credential_source。</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) takes its credentials from %3, which is not supported yet.</source>
        <translation>配置文件“%1”（%2）从 %3 获取凭证，目前尚不支持这种方式。</translation>
    </message>
    <message>
        <source>The credential_source of the profile “%1” (%2) is not one the AWS CLI knows.</source>
        <translation>配置文件“%1”（%2）的 credential_source 不是 AWS CLI 认识的值。</translation>
    </message>
    <message>
        <source>Use Environment, Ec2InstanceMetadata or EcsContainer (spelled with these capitals).</source>
        <translation>请使用 Environment、Ec2InstanceMetadata 或 EcsContainer（大小写须完全一致）。</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) names source_profile “%3”, which does not exist in %4 or %5.</source>
        <translation>配置文件“%1”（%2）指定的 source_profile“%3”在 %4 和 %5 中都不存在。</translation>
    </message>
    <message>
        <source>The profiles %1 name each other as source_profile in a loop (%2).</source>
        <translation>配置文件 %1 互相将对方指定为 source_profile，形成了循环（%2）。</translation>
    </message>
    <message>
        <source>Give one profile of the chain aws_access_key_id and aws_secret_access_key, or credential_source.</source>
        <translation>请为链中的某个配置文件提供 aws_access_key_id 和 aws_secret_access_key，或 credential_source。</translation>
    </message>
    <message>
        <source>%1; the source_profile of “%2”</source>
        <translation>%1；“%2”的 source_profile</translation>
    </message>
    <message>
        <source>The profile %1 (%2) signs in with IAM Identity Center (%3), which is not supported yet.</source>
        <translation>配置文件 %1（%2）通过 IAM Identity Center（%3）登录，目前尚不支持这种方式。</translation>
    </message>
    <message>
        <source>The profile %1 (%2) has %3 but no %4.</source>
        <translation>配置文件 %1（%2）有 %3，但没有 %4。</translation>
    </message>
    <message>
        <source>Add %1 next to %2, or remove both.</source>
        <translation>请在 %2 旁边添加 %1，或将两者都删除。</translation>
    </message>
    <message>
        <source>%1 of the profile “%2” (%3)</source>
        <translation>配置文件“%2”（%3）的 %1</translation>
    </message>
    <message>
        <source>The profile %1 (%2) gets its credentials from an external program (credential_process), which is not supported yet.</source>
        <translation>配置文件 %1（%2）从外部程序（credential_process）获取凭证，目前尚不支持这种方式。</translation>
    </message>
    <message>
        <source>The profile %1 (%2) has credential_source but no role_arn.</source>
        <translation>配置文件 %1（%2）有 credential_source，但没有 role_arn。</translation>
    </message>
    <message>
        <source>credential_source only says which credentials assume role_arn; add role_arn, or give the profile access keys.</source>
        <translation>credential_source 仅指定用哪些凭证代入 role_arn；请添加 role_arn，或为该配置文件提供访问密钥。</translation>
    </message>
    <message>
        <source>The profile %1 (%2) holds no credentials.</source>
        <translation>配置文件 %1（%2）不包含任何凭证。</translation>
    </message>
    <message>
        <source>Add aws_access_key_id and aws_secret_access_key to [%1] in %2, or role_arn and source_profile to it in %3.</source>
        <translation>请在 %2 的 [%1] 中添加 aws_access_key_id 和 aws_secret_access_key，或在 %3 中为其添加 role_arn 和 source_profile。</translation>
    </message>
    <message>
        <source>The key “%1” is ignored because keys are case-sensitive; write it as “%2”.</source>
        <translation>键“%1”已被忽略，因为键区分大小写；请写成“%2”。</translation>
    </message>
</context>
<context>
    <name>mantle::aws::BedrockToken</name>
    <message>
        <source>This is not a short-term Bedrock API key: %1</source>
        <translation>这不是短期 Bedrock API 密钥：%1</translation>
    </message>
    <message>
        <source>A short-term key starts with “bedrock-api-key-” followed by base64; long-term keys (“ABSK…”) cannot be read back.</source>
        <translation>短期密钥以“bedrock-api-key-”开头，后跟 base64 内容；长期密钥（“ABSK…”）无法解析。</translation>
    </message>
    <message>
        <source>A short-term API key needs an access key id and a secret access key.</source>
        <translation>短期 API 密钥需要访问密钥 ID 和秘密访问密钥。</translation>
    </message>
    <message>
        <source>“%1” is not a region code.</source>
        <translation>“%1”不是区域代码。</translation>
    </message>
    <message>
        <source>Give a region such as us-east-1.</source>
        <translation>请提供区域，例如 us-east-1。</translation>
    </message>
    <message>
        <source>A short-term API key lives from %1 to %2 seconds, not %3.</source>
        <translation>短期 API 密钥的有效期须为 %1 到 %2 秒，而不是 %3 秒。</translation>
    </message>
    <message>
        <source>The credentials have expired.</source>
        <translation>凭证已过期。</translation>
    </message>
    <message>
        <source>Renew them, then generate the key again.</source>
        <translation>请刷新凭证，然后重新生成密钥。</translation>
    </message>
    <message>
        <source>it does not start with “bedrock-api-key-”.</source>
        <translation>它不以“bedrock-api-key-”开头。</translation>
    </message>
    <message>
        <source>nothing follows the prefix.</source>
        <translation>前缀后面没有内容。</translation>
    </message>
    <message>
        <source>what follows the prefix is not base64.</source>
        <translation>前缀后面的内容不是 base64。</translation>
    </message>
    <message>
        <source>it does not hold a presigned URL.</source>
        <translation>其中不包含预签名 URL。</translation>
    </message>
    <message>
        <source>its URL has no %1.</source>
        <translation>其 URL 中没有 %1。</translation>
    </message>
    <message>
        <source>it is not signed with AWS4-HMAC-SHA256.</source>
        <translation>它不是用 AWS4-HMAC-SHA256 签名的。</translation>
    </message>
    <message>
        <source>its credential scope is malformed.</source>
        <translation>其凭证范围格式不正确。</translation>
    </message>
    <message>
        <source>its X-Amz-Date is malformed.</source>
        <translation>其 X-Amz-Date 格式不正确。</translation>
    </message>
    <message>
        <source>its X-Amz-Expires is not a positive number of seconds.</source>
        <translation>其 X-Amz-Expires 不是正的秒数。</translation>
    </message>
</context>
<context>
    <name>mantle::aws::RequestUrl</name>
    <message>
        <source>Give a full URL such as https://bedrock-mantle.us-east-1.api.aws/v1/models.</source>
        <translation>请提供完整的 URL，例如 https://bedrock-mantle.us-east-1.api.aws/v1/models。</translation>
    </message>
    <message>
        <source>“%1” is not a URL: it has no scheme (https://).</source>
        <translation>“%1”不是 URL：它没有协议（https://）。</translation>
    </message>
    <message>
        <source>“%1” uses the scheme “%2”; only https and http are supported.</source>
        <translation>“%1”使用了协议“%2”；仅支持 https 和 http。</translation>
    </message>
    <message>
        <source>“%1” carries a user name or password; credentials never go in a URL.</source>
        <translation>“%1”包含用户名或密码；凭证绝不能放在 URL 中。</translation>
    </message>
    <message>
        <source>“%1” has no valid host name.</source>
        <translation>“%1”没有有效的主机名。</translation>
    </message>
    <message>
        <source>“%1” has an invalid port.</source>
        <translation>“%1”的端口无效。</translation>
    </message>
</context>
<context>
    <name>mantle::aws::StaticCredentialProvider</name>
    <message>
        <source>No complete AWS credentials were given: an access key id and a secret access key are needed.</source>
        <translation>未提供完整的 AWS 凭证：需要访问密钥 ID 和秘密访问密钥。</translation>
    </message>
    <message>
        <source>Give both the access key id and the secret access key.</source>
        <translation>请同时提供访问密钥 ID 和秘密访问密钥。</translation>
    </message>
    <message>
        <source>The credentials with the access key id %1 expired at %2.</source>
        <translation>访问密钥 ID 为 %1 的凭证已于 %2 过期。</translation>
    </message>
    <message>
        <source>Give fresh credentials: temporary credentials last 12 hours at most.</source>
        <translation>请提供新的凭证：临时凭证最长有效 12 小时。</translation>
    </message>
</context>
<context>
    <name>mantle::aws::StsClient</name>
    <message>
        <source>Give the STS endpoint as https://host[:port]/, or http://127.0.0.1:PORT/ for a local test server.</source>
        <translation>请以 https://host[:port]/ 的形式提供 STS 端点；本地测试服务器可使用 http://127.0.0.1:PORT/。</translation>
    </message>
    <message>
        <source>“%1” is not a valid STS endpoint URL.</source>
        <translation>“%1”不是有效的 STS 端点 URL。</translation>
    </message>
    <message>
        <source>The STS endpoint “%1” has a user name, query or fragment; give only the scheme, host, port and path.</source>
        <translation>STS 端点“%1”包含用户名、查询或片段；请只提供协议、主机、端口和路径。</translation>
    </message>
    <message>
        <source>The STS endpoint “%1” uses plain http, which is only allowed for this computer (127.0.0.1, ::1 or localhost).</source>
        <translation>STS 端点“%1”使用明文 http，这只允许用于本机（127.0.0.1、::1 或 localhost）。</translation>
    </message>
    <message>
        <source>Use https: the request carries a session token and the answer carries credentials.</source>
        <translation>请使用 https：请求中携带会话令牌，响应中携带凭证。</translation>
    </message>
    <message>
        <source>Could not connect to STS at %1: the connection was refused.</source>
        <translation>无法连接到位于 %1 的 STS：连接被拒绝。</translation>
    </message>
    <message>
        <source>Check the STS endpoint and that nothing (a firewall, a proxy) blocks it.</source>
        <translation>请检查 STS 端点，并确认没有任何东西（防火墙、代理）阻止它。</translation>
    </message>
    <message>
        <source>Could not find the STS host of %1.</source>
        <translation>找不到 %1 的 STS 主机。</translation>
    </message>
    <message>
        <source>Check the region, the network connection and the DNS or proxy settings.</source>
        <translation>请检查区域、网络连接以及 DNS 或代理设置。</translation>
    </message>
    <message numerus="yes">
        <source>STS at %1 did not answer within %n second(s).</source>
        <translation>
            <numerusform>位于 %1 的 STS 未在 %n 秒内响应。</numerusform>
        </translation>
    </message>
    <message>
        <source>Check the network connection and the proxy settings, then try again.</source>
        <translation>请检查网络连接和代理设置，然后重试。</translation>
    </message>
    <message>
        <source>The secure connection to STS at %1 failed: %2</source>
        <translation>与位于 %1 的 STS 建立安全连接失败：%2</translation>
    </message>
    <message>
        <source>A proxy that inspects TLS may be in the way, or the system&apos;s certificates may be out of date.</source>
        <translation>可能有检查 TLS 的代理在中间拦截，或系统证书已过期。</translation>
    </message>
    <message>
        <source>Could not reach STS at %1: %2</source>
        <translation>无法访问位于 %1 的 STS：%2</translation>
    </message>
    <message>
        <source>The source credentials are incomplete: STS needs an access key id and a secret access key.</source>
        <translation>源凭证不完整：STS 需要访问密钥 ID 和秘密访问密钥。</translation>
    </message>
    <message>
        <source>Give the keys of the identity that may assume the role %1.</source>
        <translation>请提供有权代入角色 %1 的身份的密钥。</translation>
    </message>
    <message>
        <source>The source credentials expired at %1.</source>
        <translation>源凭证已于 %1 过期。</translation>
    </message>
    <message>
        <source>Refresh the source credentials, then try again.</source>
        <translation>请刷新源凭证，然后重试。</translation>
    </message>
    <message numerus="yes">
        <source>The answer from %1 is larger than %n KiB, so it is not an STS answer.</source>
        <translation>
            <numerusform>来自 %1 的响应大于 %n KiB，因此不是 STS 响应。</numerusform>
        </translation>
    </message>
    <message>
        <source>Something other than AWS may have answered, such as a proxy or a captive portal: check the network, the proxy settings and the STS endpoint.</source>
        <translation>应答的可能不是 AWS，而是代理或强制门户：请检查网络、代理设置和 STS 端点。</translation>
    </message>
</context>
<context>
    <name>mantle::aws::StsResponseParser</name>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Something other than AWS may have answered, such as a proxy or a captive portal: check the network, the proxy settings and the STS endpoint.</source>
        <translation>应答的可能不是 AWS，而是代理或强制门户：请检查网络、代理设置和 STS 端点。</translation>
    </message>
    <message>
        <source>STS at %1 answered HTTP %2 with an empty body (content type: %3).</source>
        <translation>位于 %1 的 STS 返回了 HTTP %2，但正文为空（内容类型：%3）。</translation>
    </message>
    <message>
        <source>The answer from %1 (HTTP %2, content type: %3) is not an STS answer.</source>
        <translation>来自 %1 的响应（HTTP %2，内容类型：%3）不是 STS 响应。</translation>
    </message>
    <message>
        <source>(no message)</source>
        <translation>（无消息）</translation>
    </message>
    <message>
        <source>STS refused to let the source credentials assume the role (AccessDenied): %1</source>
        <translation>STS 拒绝让源凭证代入该角色（AccessDenied）：%1</translation>
    </message>
    <message>
        <source>The source credentials need permission for sts:AssumeRole on %1, the role&apos;s trust policy must allow them, and the external ID must match the trust policy&apos;s sts:ExternalId condition exactly.</source>
        <translation>源凭证需要对 %1 拥有 sts:AssumeRole 权限，角色的信任策略必须允许它们，并且外部 ID 必须与信任策略的 sts:ExternalId 条件完全一致。</translation>
    </message>
    <message>
        <source>The source credentials need permission for sts:AssumeRole on %1, and the role&apos;s trust policy must allow them. If the trust policy requires an external ID (sts:ExternalId), give it.</source>
        <translation>源凭证需要对 %1 拥有 sts:AssumeRole 权限，并且角色的信任策略必须允许它们。如果信任策略要求外部 ID（sts:ExternalId），请提供该 ID。</translation>
    </message>
    <message>
        <source>The source credentials have expired (ExpiredToken): %1</source>
        <translation>源凭证已过期（ExpiredToken）：%1</translation>
    </message>
    <message>
        <source>Refresh the source credentials (sign in again or get a new session token), then try again.</source>
        <translation>请刷新源凭证（重新登录或获取新的会话令牌），然后重试。</translation>
    </message>
    <message>
        <source>AWS does not know the access key id %1 (InvalidClientTokenId): %2</source>
        <translation>AWS 无法识别访问密钥 ID %1（InvalidClientTokenId）：%2</translation>
    </message>
    <message>
        <source>Check the source access key id: the key may have been deleted or deactivated, belong to another AWS partition, or, for temporary credentials, come with the wrong session token.</source>
        <translation>请检查源访问密钥 ID：该密钥可能已被删除或停用、属于另一个 AWS 分区，或者（对于临时凭证）搭配了错误的会话令牌。</translation>
    </message>
    <message>
        <source>STS rejected the request&apos;s signature (SignatureDoesNotMatch): %1</source>
        <translation>STS 拒绝了请求的签名（SignatureDoesNotMatch）：%1</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is off: set it to the correct time and try again.</source>
        <translation>这台计算机的时钟不准确：请将其设置为正确时间，然后重试。</translation>
    </message>
    <message>
        <source>The secret access key is wrong for the access key id %1: check it (and that no space or line break was copied with it).</source>
        <translation>秘密访问密钥与访问密钥 ID %1 不匹配：请检查它（并确认没有连同空格或换行符一起复制）。</translation>
    </message>
    <message>
        <source>STS is not activated in the region %1 for this account (RegionDisabledException): %2</source>
        <translation>此账户未在区域 %1 中激活 STS（RegionDisabledException）：%2</translation>
    </message>
    <message>
        <source>Enable the region in the account&apos;s settings (AWS console, Account, AWS Regions) or use another region.</source>
        <translation>请在账户设置中启用该区域（AWS 控制台 &gt; 账户 &gt; AWS 区域），或使用其他区域。</translation>
    </message>
    <message>
        <source>STS refused a parameter of the request: %1</source>
        <translation>STS 拒绝了请求中的某个参数：%1</translation>
    </message>
    <message>
        <source>Correct the parameter STS names and try again.</source>
        <translation>请更正 STS 指出的参数，然后重试。</translation>
    </message>
    <message>
        <source>STS answered HTTP %1 with the error %2: %3</source>
        <translation>STS 返回了 HTTP %1 和错误 %2：%3</translation>
    </message>
    <message>
        <source>The AssumeRole answer from %1 (HTTP %2, content type: %3) lacks the fields %4.</source>
        <translation>来自 %1 的 AssumeRole 响应（HTTP %2，内容类型：%3）缺少字段 %4。</translation>
    </message>
    <message>
        <source>The AssumeRole answer from %1 has an expiry that is not an ISO 8601 time: “%2”.</source>
        <translation>来自 %1 的 AssumeRole 响应中的过期时间不是 ISO 8601 时间：“%2”。</translation>
    </message>
</context>
<context>
    <name>mantle::cli::AccountsCommand</name>
    <message>
        <source>Run `mantle accounts --help` for the usage.</source>
        <translation>运行 `mantle accounts --help` 查看用法。</translation>
    </message>
    <message numerus="yes">
        <source>`%1` takes %n argument(s).</source>
        <translation>
            <numerusform>`%1` 需要 %n 个参数。</numerusform>
        </translation>
    </message>
    <message>
        <source>which command? add, list, show, rename, remove, test, policy, export, import, import-aws or import-env.</source>
        <translation>哪个命令？add、list、show、rename、remove、test、policy、export、import、import-aws 或 import-env。</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>用法：%1</translation>
    </message>
    <message>
        <source>Secrets are read from stdin: for access-key, the secret access key and,
on a second line, an optional session token; for api-key, the API key.
Without stdin they come from AWS_SECRET_ACCESS_KEY (and
AWS_SESSION_TOKEN) or AWS_BEARER_TOKEN_BEDROCK. They are kept in the
keychain, never in a file. Settings: MANTLE_CONFIG_DIR, else
$XDG_CONFIG_HOME/Mantle Playground.</source>
        <translation>密钥从 stdin 读取：对于 access-key，先是秘密访问密钥，第二行为可选的
会话令牌；对于 api-key，则是 API 密钥。
如果没有 stdin，则从 AWS_SECRET_ACCESS_KEY（和 AWS_SESSION_TOKEN）
或 AWS_BEARER_TOKEN_BEDROCK 读取。密钥保存在钥匙串中，绝不写入文件。
设置：MANTLE_CONFIG_DIR，否则为 $XDG_CONFIG_HOME/Mantle Playground。</translation>
    </message>
    <message>
        <source>unknown command “%1”.</source>
        <translation>未知命令“%1”。</translation>
    </message>
    <message>
        <source>give the API key on stdin (or in AWS_BEARER_TOKEN_BEDROCK).</source>
        <translation>请通过 stdin（或 AWS_BEARER_TOKEN_BEDROCK）提供 API 密钥。</translation>
    </message>
    <message>
        <source>give the secret access key on stdin (or in AWS_SECRET_ACCESS_KEY).</source>
        <translation>请通过 stdin（或 AWS_SECRET_ACCESS_KEY）提供秘密访问密钥。</translation>
    </message>
    <message>
        <source>stdin holds %1 lines; expected at most %2.</source>
        <translation>stdin 有 %1 行；最多应为 %2 行。</translation>
    </message>
    <message>
        <source>The API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>The secret access key</source>
        <translation>秘密访问密钥</translation>
    </message>
    <message>
        <source>The session token</source>
        <translation>会话令牌</translation>
    </message>
    <message>
        <source>A Mantle region.</source>
        <translation>Mantle 区域。</translation>
    </message>
    <message>
        <source>access-key, api-key or role.</source>
        <translation>access-key、api-key 或 role。</translation>
    </message>
    <message>
        <source>The access key id.</source>
        <translation>访问密钥 ID。</translation>
    </message>
    <message>
        <source>The role to assume.</source>
        <translation>要代入的角色。</translation>
    </message>
    <message>
        <source>The access-key account that assumes it.</source>
        <translation>代入该角色的访问密钥账户。</translation>
    </message>
    <message>
        <source>The AWS profile that assumes it.</source>
        <translation>代入该角色的 AWS 配置文件。</translation>
    </message>
    <message>
        <source>The role&apos;s external ID.</source>
        <translation>角色的外部 ID。</translation>
    </message>
    <message>
        <source>The role session name.</source>
        <translation>角色会话名称。</translation>
    </message>
    <message>
        <source>The role session&apos;s length, 900 to 43200 s.</source>
        <translation>角色会话时长，900 到 43200 s。</translation>
    </message>
    <message>
        <source>An endpoint override (root URL).</source>
        <translation>覆盖端点（根 URL）。</translation>
    </message>
    <message>
        <source>Notes.</source>
        <translation>备注。</translation>
    </message>
    <message>
        <source>--auth takes access-key, api-key or role.</source>
        <translation>--auth 的取值为 access-key、api-key 或 role。</translation>
    </message>
    <message>
        <source>--access-key-id is for --auth access-key.</source>
        <translation>--access-key-id 用于 --auth access-key。</translation>
    </message>
    <message>
        <source>--role-arn and the other role flags are for --auth role.</source>
        <translation>--role-arn 和其他角色选项用于 --auth role。</translation>
    </message>
    <message>
        <source>a role takes one of --source-account and --source-profile.</source>
        <translation>角色需要 --source-account 或 --source-profile 中的一个。</translation>
    </message>
    <message>
        <source>--duration takes a number of seconds.</source>
        <translation>--duration 需要秒数。</translation>
    </message>
    <message>
        <source>Added account “%1”.</source>
        <translation>已添加账户“%1”。</translation>
    </message>
    <message>
        <source>(broken: %1)</source>
        <translation>（已损坏：%1）</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>auth</source>
        <translation>身份验证</translation>
    </message>
    <message>
        <source>region</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>endpoint</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>access key id</source>
        <translation>访问密钥 ID</translation>
    </message>
    <message>
        <source>secret access key</source>
        <translation>秘密访问密钥</translation>
    </message>
    <message>
        <source>in the keychain</source>
        <translation>在钥匙串中</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>role ARN</source>
        <translation>角色 ARN</translation>
    </message>
    <message>
        <source>external ID</source>
        <translation>外部 ID</translation>
    </message>
    <message>
        <source>session name</source>
        <translation>会话名称</translation>
    </message>
    <message>
        <source>duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>source account</source>
        <translation>源账户</translation>
    </message>
    <message>
        <source>source AWS profile</source>
        <translation>源 AWS 配置文件</translation>
    </message>
    <message>
        <source>notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Renamed account “%1” to “%2”.</source>
        <translation>已将账户“%1”重命名为“%2”。</translation>
    </message>
    <message>
        <source>Removed account “%1” and its secrets.</source>
        <translation>已删除账户“%1”及其密钥。</translation>
    </message>
    <message>
        <source>The model of the tiny request (default: the first listed Chat Completions model).</source>
        <translation>用于微型请求的模型（默认：列表中的第一个 Chat Completions 模型）。</translation>
    </message>
    <message>
        <source>Account “%1”: %2 in %3.</source>
        <translation>账户“%1”：%3 中的 %2。</translation>
    </message>
    <message>
        <source>the IAM principal of account “%1”</source>
        <translation>账户“%1”的 IAM 主体</translation>
    </message>
    <message>
        <source>the IAM principal of AWS profile “%1”</source>
        <translation>AWS 配置文件“%1”的 IAM 主体</translation>
    </message>
    <message>
        <source>note: %1</source>
        <translation>注意：%1</translation>
    </message>
    <message>
        <source>fix: %1</source>
        <translation>修复：%1</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Account “%1” works.</source>
        <translation>账户“%1”工作正常。</translation>
    </message>
    <message>
        <source>The AWS account id of the resources (default: the role&apos;s, else *).</source>
        <translation>资源所属的 AWS 账户 ID（默认：角色的账户 ID，否则为 *）。</translation>
    </message>
    <message>
        <source>Leave out the Marketplace statement for third-party models.</source>
        <translation>省略用于第三方模型的 Marketplace 语句。</translation>
    </message>
    <message>
        <source>For a role: the ARN of the principal that assumes it.</source>
        <translation>对于角色：代入该角色的主体的 ARN。</translation>
    </message>
    <message>
        <source>--account-id takes a 12-digit AWS account id.</source>
        <translation>--account-id 需要 12 位数字的 AWS 账户 ID。</translation>
    </message>
    <message>
        <source>Exported the settings of “%1” (no secrets).</source>
        <translation>已导出“%1”的设置（不含密钥）。</translation>
    </message>
    <message>
        <source>The new account&apos;s name.</source>
        <translation>新账户的名称。</translation>
    </message>
    <message>
        <source>The accounts&apos; name prefix (default: env).</source>
        <translation>账户名称前缀（默认：env）。</translation>
    </message>
    <message>
        <source>The environment holds no AWS credentials to import.</source>
        <translation>环境变量中没有可导入的 AWS 凭证。</translation>
    </message>
    <message>
        <source>Add, list, show, remove and test accounts</source>
        <translation>添加、列出、查看、删除和测试账户</translation>
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
        <translation>目标</translation>
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
        <translation>总时间</translation>
    </message>
    <message>
        <source>in</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>out</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Tool call %1: %2 %3</source>
        <translation>工具调用 %1：%2 %3</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Send one prompt to several models, regions or APIs at once and compare</source>
        <translation>将同一提示词同时发送到多个模型、区域或 API 并进行比较</translation>
    </message>
    <message>
        <source>Run `mantle compare --help` for the options.</source>
        <translation>运行 `mantle compare --help` 查看选项。</translation>
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
        <translation>将同一提示词（连同相同的系统提示词、工具、Schema 和参数）同时发送到 1 到 6 个
目标，在标题下输出每个响应，然后输出一张表格：首 token 时间、每秒 token 数、总时间、
输入和输出 token 数、费用和错误。目标由逗号分隔的 key=value 项组成：api（chat、
responses 或 messages）、model、region 和 account；目标中省略的项取自 --model、
--region 和 --account。每个目标只携带其 API 能承载的内容（例如只有 Chat Completions
才会发送 seed）；响应始终以流式传输，因此 --stream 不起作用。--json 以 JSON 输出
表格及每个响应，--csv 以 CSV 输出表格。任一目标失败时退出代码为 1；其他目标的结果
仍会输出。凭证来自账户，否则来自 AWS_BEARER_TOKEN_BEDROCK，再否则来自
AWS_ACCESS_KEY_ID、AWS_SECRET_ACCESS_KEY 和 AWS_SESSION_TOKEN。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>显示此帮助。</translation>
    </message>
    <message>
        <source>A target, e.g. api=messages,model=anthropic.claude-haiku-4-5,region=us-west-2 (repeat for each, 1 to 6).</source>
        <translation>一个目标，例如 api=messages,model=anthropic.claude-haiku-4-5,region=us-west-2（每个目标重复一次，1 到 6 个）。</translation>
    </message>
    <message>
        <source>Compare --model through every answer API the model catalogue says it serves.</source>
        <translation>通过模型目录所列、--model 支持的每个生成响应的 API 比较该模型。</translation>
    </message>
    <message>
        <source>Print the table as CSV (RFC 4180) instead.</source>
        <translation>改为以 CSV（RFC 4180）格式输出表格。</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>用法：%1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>意外的参数“%1”。</translation>
    </message>
    <message>
        <source>--csv and --json cannot be combined.</source>
        <translation>--csv 和 --json 不能同时使用。</translation>
    </message>
    <message>
        <source>compare does not run background responses.</source>
        <translation>compare 不运行后台响应。</translation>
    </message>
    <message>
        <source>--cross-api and --target cannot be combined.</source>
        <translation>--cross-api 和 --target 不能同时使用。</translation>
    </message>
    <message>
        <source>give the targets with --target SPEC, or --cross-api.</source>
        <translation>请用 --target SPEC 指定目标，或使用 --cross-api。</translation>
    </message>
    <message>
        <source>--cross-api needs --model.</source>
        <translation>--cross-api 需要 --model。</translation>
    </message>
    <message>
        <source>The target is not known.</source>
        <translation>未知目标。</translation>
    </message>
    <message numerus="yes">
        <source>mantle compare: %n of %1 targets failed.</source>
        <translation>
            <numerusform>mantle compare：%1 个目标中有 %n 个失败。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mantle::cli::EmulatorCommand</name>
    <message>
        <source>Run a local Mantle emulator on 127.0.0.1</source>
        <translation>在 127.0.0.1 上运行本地 Mantle 模拟器</translation>
    </message>
</context>
<context>
    <name>mantle::cli::Mantle</name>
    <message>
        <source>Usage: mantle COMMAND [OPTIONS]</source>
        <translation>用法：mantle COMMAND [OPTIONS]</translation>
    </message>
    <message>
        <source>Try prompts against Amazon Bedrock Mantle from the command line.</source>
        <translation>从命令行针对 Amazon Bedrock Mantle 试用提示词。</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>选项：</translation>
    </message>
    <message>
        <source>Show this help; `mantle COMMAND --help` shows a command&apos;s.</source>
        <translation>显示此帮助；`mantle COMMAND --help` 显示某个命令的帮助。</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>显示版本。</translation>
    </message>
    <message>
        <source>mantle: unknown command “%1”. Run `mantle --help` for the list.</source>
        <translation>mantle：未知命令“%1”。运行 `mantle --help` 查看命令列表。</translation>
    </message>
</context>
<context>
    <name>mantle::cli::ModelsCommand</name>
    <message>
        <source>Run `mantle models --help` for the options.</source>
        <translation>运行 `mantle models --help` 查看选项。</translation>
    </message>
    <message>
        <source>List the models of a region: live, catalogue and custom</source>
        <translation>列出区域的模型：实时、目录和自定义</translation>
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
        <translation>列出某个区域的模型，每行一个 ID：该区域提供的模型（实时的 GET /v1/models），
由内置目录进行描述，再加上账户（--account）的自定义模型和覆盖设置，
与应用的“模型”视图中显示的一致。无法获取实时列表时，命令会失败；
--offline 不发送请求，只列出目录和自定义模型。--json 输出对象数组
（id、displayName、provider、surfaces、routePrefix、region、listedLive、
inCatalogue、custom、privatePrices、prices）。凭证来自账户，否则来自
AWS_BEARER_TOKEN_BEDROCK，再否则来自 AWS_ACCESS_KEY_ID、
AWS_SECRET_ACCESS_KEY 和 AWS_SESSION_TOKEN。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>显示此帮助。</translation>
    </message>
    <message>
        <source>Print a table: id, surfaces, route prefix, region, source (live, catalogue or custom), input and output price per million tokens.</source>
        <translation>输出表格：ID、接口、路由前缀、区域、来源（实时、目录或自定义）、每百万 token 的输入和输出价格。</translation>
    </message>
    <message>
        <source>Send no request: list the built-in catalogue and the account&apos;s custom models.</source>
        <translation>不发送请求：列出内置目录和账户的自定义模型。</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>用法：%1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>意外的参数“%1”。</translation>
    </message>
    <message>
        <source>--details and --json cannot be combined.</source>
        <translation>--details 和 --json 不能同时使用。</translation>
    </message>
</context>
<context>
    <name>mantle::cli::RegionsCommand</name>
    <message>
        <source>Run `mantle regions --help` for the options.</source>
        <translation>运行 `mantle regions --help` 查看选项。</translation>
    </message>
    <message>
        <source>Which of the 13 regions serve a model, with a latency probe</source>
        <translation>13 个区域中哪些提供某个模型，并探测延迟</translation>
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
        <translation>同时向全部 13 个 Mantle 区域请求其实时模型列表（GET /v1/models），每个区域输出
一行：区域、其名称、是否列出该模型（--model）、列出的模型数量、延迟探测结果（到列表
响应第一个字节的毫秒数，包括建立连接的时间）以及失败区域的错误。--json 输出
{model, shared_endpoint, answered, serving, regions: [{region, name, status,
serves_model, models_listed, latency_ms, error}]}。至少有一个区域响应时退出代码为 0，
否则为 1。凭证来自账户，否则来自 AWS_BEARER_TOKEN_BEDROCK，再否则来自
AWS_ACCESS_KEY_ID、AWS_SECRET_ACCESS_KEY 和 AWS_SESSION_TOKEN；使用 SigV4 时，
每个区域的请求都针对该区域签名。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>显示此帮助。</translation>
    </message>
    <message>
        <source>The model to look for in each region&apos;s list.</source>
        <translation>要在每个区域的列表中查找的模型。</translation>
    </message>
    <message>
        <source>An account of the app (see `mantle accounts`).</source>
        <translation>应用中的账户（参见 `mantle accounts`）。</translation>
    </message>
    <message>
        <source>Send every region&apos;s request to this root URL instead of the region&apos;s own (plain http only to loopback).</source>
        <translation>将每个区域的请求发送到此根 URL，而不是该区域自己的 URL（明文 http 仅限环回地址）。</translation>
    </message>
    <message>
        <source>Print the result as JSON instead of a table.</source>
        <translation>改为以 JSON 格式输出结果，而不是表格。</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>用法：%1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>意外的参数“%1”。</translation>
    </message>
    <message>
        <source>--account must not be empty.</source>
        <translation>--account 不能为空。</translation>
    </message>
    <message>
        <source>--endpoint: %1</source>
        <translation>--endpoint：%1</translation>
    </message>
    <message>
        <source>--model must not be empty.</source>
        <translation>--model 不能为空。</translation>
    </message>
</context>
<context>
    <name>mantle::cli::ReplayCommand</name>
    <message>
        <source>Run `mantle replay --help` for the options.</source>
        <translation>运行 `mantle replay --help` 查看选项。</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2.</source>
        <translation>无法读取“%1”：%2。</translation>
    </message>
    <message>
        <source>Read a recorded stream or answer body and print the turn as JSON</source>
        <translation>读取录制的流或响应正文，并以 JSON 输出该轮次</translation>
    </message>
    <message>
        <source>Feeds a recorded server-sent event stream (or a non-streamed JSON answer body)
through the parser and accumulator of one API and prints the final turn as
JSON: {text, reasoning, tool_calls, usage, stop_reason, response_id, error}.
An error the stream reports is part of the turn; the exit code is still 0.</source>
        <translation>将录制的服务器发送事件流（或非流式的 JSON 响应正文）交给某个 API 的
解析器和累加器处理，并以 JSON 输出最终轮次：
{text, reasoning, tool_calls, usage, stop_reason, response_id, error}。
流中报告的错误属于该轮次的一部分；退出代码仍为 0。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>显示此帮助。</translation>
    </message>
    <message>
        <source>The API that produced the recording: chat, responses or messages.</source>
        <translation>生成该录制内容的 API：chat、responses 或 messages。</translation>
    </message>
    <message>
        <source>The recorded stream or answer body.</source>
        <translation>录制的流或响应正文。</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>用法：%1</translation>
    </message>
    <message>
        <source>--api is required (chat, responses or messages).</source>
        <translation>必须指定 --api（chat、responses 或 messages）。</translation>
    </message>
    <message>
        <source>--api “%1” is not one of chat, responses, messages.</source>
        <translation>--api“%1”不是 chat、responses、messages 之一。</translation>
    </message>
    <message>
        <source>name the FILE to replay.</source>
        <translation>请指定要重放的 FILE。</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>意外的参数“%1”。</translation>
    </message>
</context>
<context>
    <name>mantle::cli::RequestCommand</name>
    <message>
        <source>Send a prompt with the Chat Completions API and print the answer</source>
        <translation>使用 Chat Completions API 发送提示词并输出响应</translation>
    </message>
    <message>
        <source>Send a prompt with the Responses API and print the answer</source>
        <translation>使用 Responses API 发送提示词并输出响应</translation>
    </message>
    <message>
        <source>Send a prompt with the Anthropic Messages API and print the answer</source>
        <translation>使用 Anthropic Messages API 发送提示词并输出响应</translation>
    </message>
    <message>
        <source>Count the input tokens of a Messages request</source>
        <translation>统计 Messages 请求的输入 token 数</translation>
    </message>
    <message>
        <source>Run `mantle %1 --help` for the options.</source>
        <translation>运行 `mantle %1 --help` 查看选项。</translation>
    </message>
    <message>
        <source>%1.
Credentials come from AWS_BEARER_TOKEN_BEDROCK, else AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.</source>
        <translation>%1。
凭证来自 AWS_BEARER_TOKEN_BEDROCK，否则来自 AWS_ACCESS_KEY_ID、
AWS_SECRET_ACCESS_KEY 和 AWS_SESSION_TOKEN。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>显示此帮助。</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>用法：%1</translation>
    </message>
    <message>
        <source>unexpected argument “%1” (the stored-response actions are get, delete and cancel).</source>
        <translation>意外的参数“%1”（已存储响应的操作有 get、delete 和 cancel）。</translation>
    </message>
    <message>
        <source>%1 takes exactly one response id.</source>
        <translation>%1 只接受一个响应 ID。</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>意外的参数“%1”。</translation>
    </message>
    <message>
        <source>count-tokens does not stream.</source>
        <translation>count-tokens 不支持流式传输。</translation>
    </message>
</context>
<context>
    <name>mantle::cli::RequestOptions</name>
    <message>
        <source>%1: cannot read “%2”: %3.</source>
        <translation>%1：无法读取“%2”：%3。</translation>
    </message>
    <message>
        <source>%1: “%2” is not JSON (%3 at byte %4).</source>
        <translation>%1：“%2”不是 JSON（%3，位于字节 %4）。</translation>
    </message>
    <message>
        <source>--tools: “%1” must hold a JSON array of tools.</source>
        <translation>--tools：“%1”必须包含工具的 JSON 数组。</translation>
    </message>
    <message>
        <source>The model id, e.g. openai.gpt-oss-120b.</source>
        <translation>模型 ID，例如 openai.gpt-oss-120b。</translation>
    </message>
    <message>
        <source>The prompt (read from stdin when absent).</source>
        <translation>提示词（未指定时从 stdin 读取）。</translation>
    </message>
    <message>
        <source>The system prompt.</source>
        <translation>系统提示词。</translation>
    </message>
    <message>
        <source>The most tokens to generate.</source>
        <translation>最多生成的 token 数。</translation>
    </message>
    <message>
        <source>The sampling temperature, 0 to 2.</source>
        <translation>采样温度，0 到 2。</translation>
    </message>
    <message>
        <source>How hard a reasoning model thinks: low, medium or high.</source>
        <translation>推理模型的推理强度：low、medium 或 high。</translation>
    </message>
    <message>
        <source>A JSON file with an array of tools in the API&apos;s own shape.</source>
        <translation>包含工具数组的 JSON 文件，格式遵循该 API 自身的结构。</translation>
    </message>
    <message>
        <source>auto, none, required or the name of a tool to call.</source>
        <translation>auto、none、required 或要调用的工具名称。</translation>
    </message>
    <message>
        <source>A JSON Schema file the answer must follow (structured output).</source>
        <translation>响应必须遵循的 JSON Schema 文件（结构化输出）。</translation>
    </message>
    <message>
        <source>Continue from a stored response (responses only).</source>
        <translation>从已存储的响应继续（仅限 responses）。</translation>
    </message>
    <message>
        <source>Ask the server not to store the response (responses only).</source>
        <translation>要求服务器不存储该响应（仅限 responses）。</translation>
    </message>
    <message>
        <source>Run the response in the background and follow it until it is done (responses only).</source>
        <translation>在后台运行响应并跟踪直到完成（仅限 responses）。</translation>
    </message>
    <message>
        <source>Stream the answer, printing text as it comes.</source>
        <translation>以流式方式获取响应，边接收边输出文本。</translation>
    </message>
    <message>
        <source>Print the final turn as JSON instead of the text.</source>
        <translation>以 JSON 输出最终轮次，而不是文本。</translation>
    </message>
    <message>
        <source>The AWS region (default: AWS_REGION or AWS_DEFAULT_REGION).</source>
        <translation>AWS 区域（默认：AWS_REGION 或 AWS_DEFAULT_REGION）。</translation>
    </message>
    <message>
        <source>The root URL to send to instead of the region&apos;s Mantle host.</source>
        <translation>替代该区域 Mantle 主机的根 URL。</translation>
    </message>
    <message>
        <source>An account of the app (see `mantle accounts`).</source>
        <translation>应用中的账户（参见 `mantle accounts`）。</translation>
    </message>
    <message>
        <source>--account must not be empty.</source>
        <translation>--account 不能为空。</translation>
    </message>
    <message>
        <source>--region must not be empty.</source>
        <translation>--region 不能为空。</translation>
    </message>
    <message>
        <source>--endpoint: %1</source>
        <translation>--endpoint：%1</translation>
    </message>
    <message>
        <source>--model is required.</source>
        <translation>必须指定 --model。</translation>
    </message>
    <message>
        <source>give the prompt with --prompt TEXT or on stdin.</source>
        <translation>请使用 --prompt TEXT 或通过 stdin 提供提示词。</translation>
    </message>
    <message>
        <source>--max-tokens takes a positive whole number, not “%1”.</source>
        <translation>--max-tokens 需要正整数，而不是“%1”。</translation>
    </message>
    <message>
        <source>--temperature takes a number from 0 to 2, not “%1”.</source>
        <translation>--temperature 需要 0 到 2 之间的数字，而不是“%1”。</translation>
    </message>
    <message>
        <source>--reasoning-effort takes low, medium or high, not “%1”.</source>
        <translation>--reasoning-effort 的取值为 low、medium 或 high，而不是“%1”。</translation>
    </message>
    <message>
        <source>--tool-choice takes auto, none, required or a tool&apos;s name.</source>
        <translation>--tool-choice 的取值为 auto、none、required 或工具名称。</translation>
    </message>
    <message>
        <source>--schema: “%1” must hold a JSON Schema object.</source>
        <translation>--schema：“%1”必须包含 JSON Schema 对象。</translation>
    </message>
    <message>
        <source>--background is for the responses command only.</source>
        <translation>--background 仅用于 responses 命令。</translation>
    </message>
    <message>
        <source>--background and --stream do not go together: a background response is followed by asking for it until it is done.</source>
        <translation>--background 和 --stream 不能同时使用：后台响应需要反复查询，直到完成。</translation>
    </message>
    <message>
        <source>--background needs the response stored: drop --no-store.</source>
        <translation>--background 需要存储响应：请去掉 --no-store。</translation>
    </message>
</context>
<context>
    <name>mantle::cli::RequestRunner</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>No region: give --region R or set AWS_REGION.</source>
        <translation>未指定区域：请提供 --region R 或设置 AWS_REGION。</translation>
    </message>
    <message>
        <source>AWS profiles are not supported by the CLI yet (%1 is set).</source>
        <translation>CLI 暂不支持 AWS 配置文件（已设置 %1）。</translation>
    </message>
    <message>
        <source>Export the profile&apos;s keys as AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (for example with `aws configure export-credentials --format env`), or set AWS_BEARER_TOKEN_BEDROCK.</source>
        <translation>请将配置文件的密钥导出为 AWS_ACCESS_KEY_ID、AWS_SECRET_ACCESS_KEY 和 AWS_SESSION_TOKEN（例如使用 `aws configure export-credentials --format env`），或设置 AWS_BEARER_TOKEN_BEDROCK。</translation>
    </message>
    <message>
        <source>No credentials in the environment.</source>
        <translation>环境变量中没有凭证。</translation>
    </message>
    <message>
        <source>Set AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials).</source>
        <translation>请将 AWS_BEARER_TOKEN_BEDROCK 设置为 Bedrock API 密钥，或设置 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY（临时凭证还需设置 AWS_SESSION_TOKEN）。</translation>
    </message>
    <message>
        <source>No region: give --region R, --account A or set AWS_REGION.</source>
        <translation>未指定区域：请提供 --region R、--account A，或设置 AWS_REGION。</translation>
    </message>
    <message>
        <source>Tool call %1: %2 %3</source>
        <translation>工具调用 %1：%2 %3</translation>
    </message>
    <message>
        <source>The answer ended with an error: %1</source>
        <translation>响应以错误结束：%1</translation>
    </message>
    <message>
        <source>Background response %1: %2</source>
        <translation>后台响应 %1：%2</translation>
    </message>
    <message>
        <source>Deleted %1.</source>
        <translation>已删除 %1。</translation>
    </message>
    <message>
        <source>Response %1: %2</source>
        <translation>响应 %1：%2</translation>
    </message>
    <message>
        <source>The count tokens answer has no input_tokens.</source>
        <translation>token 计数响应中没有 input_tokens。</translation>
    </message>
    <message>
        <source>No region answered.</source>
        <translation>没有区域响应。</translation>
    </message>
</context>
<context>
    <name>mantle::cli::SignCommand</name>
    <message>
        <source>Run `mantle sign --help` for the options.</source>
        <translation>运行 `mantle sign --help` 查看选项。</translation>
    </message>
    <message>
        <source>Sign a request with SigV4 and print the signature as JSON</source>
        <translation>使用 SigV4 为请求签名，并以 JSON 输出签名</translation>
    </message>
    <message>
        <source>Signs one HTTP request with AWS Signature Version 4 and prints JSON:
{canonical_request, string_to_sign, signature, authorization, headers, url}.
Credentials come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
AWS_SESSION_TOKEN; nothing is sent.</source>
        <translation>使用 AWS Signature Version 4 为一个 HTTP 请求签名，并输出 JSON：
{canonical_request, string_to_sign, signature, authorization, headers, url}。
凭证来自 AWS_ACCESS_KEY_ID、AWS_SECRET_ACCESS_KEY 和
AWS_SESSION_TOKEN；不会发送任何内容。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>显示此帮助。</translation>
    </message>
    <message>
        <source>The HTTP method (GET).</source>
        <translation>HTTP 方法（GET）。</translation>
    </message>
    <message>
        <source>The full request URL.</source>
        <translation>完整的请求 URL。</translation>
    </message>
    <message>
        <source>A header to sign, as &apos;Name: value&apos; (repeatable).</source>
        <translation>要签名的标头，格式为 &apos;Name: value&apos;（可重复）。</translation>
    </message>
    <message>
        <source>A file whose bytes are the request body.</source>
        <translation>以其字节作为请求正文的文件。</translation>
    </message>
    <message>
        <source>The signing region.</source>
        <translation>签名区域。</translation>
    </message>
    <message>
        <source>The signing service (bedrock-mantle).</source>
        <translation>签名服务（bedrock-mantle）。</translation>
    </message>
    <message>
        <source>The signing time, YYYYMMDDTHHMMSSZ (now).</source>
        <translation>签名时间，YYYYMMDDTHHMMSSZ（当前时间）。</translation>
    </message>
    <message>
        <source>Do not add and sign the x-amz-content-sha256 header.</source>
        <translation>不添加 x-amz-content-sha256 标头，也不对其签名。</translation>
    </message>
    <message>
        <source>Sign as a presigned URL valid for SECONDS instead of with a header.</source>
        <translation>签名为有效期 SECONDS 秒的预签名 URL，而不是使用标头。</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>意外的参数“%1”。</translation>
    </message>
    <message>
        <source>--url is required.</source>
        <translation>必须指定 --url。</translation>
    </message>
    <message>
        <source>--region is required.</source>
        <translation>必须指定 --region。</translation>
    </message>
    <message>
        <source>“%1” is not a region code such as us-east-1.</source>
        <translation>“%1”不是 us-east-1 这样的区域代码。</translation>
    </message>
    <message>
        <source>Mantle is not served in “%1”. Its regions are: %2.</source>
        <translation>“%1”不提供 Mantle。提供 Mantle 的区域有：%2。</translation>
    </message>
    <message>
        <source>“%1” is not a service name.</source>
        <translation>“%1”不是服务名称。</translation>
    </message>
    <message>
        <source>--time “%1” is not of the form YYYYMMDDTHHMMSSZ (for example 20260101T120000Z).</source>
        <translation>--time“%1”的格式不是 YYYYMMDDTHHMMSSZ（例如 20260101T120000Z）。</translation>
    </message>
    <message>
        <source>--presign takes a number of seconds from 1 to 604800.</source>
        <translation>--presign 需要 1 到 604800 之间的秒数。</translation>
    </message>
    <message>
        <source>--method must not be empty.</source>
        <translation>--method 不能为空。</translation>
    </message>
    <message>
        <source>--header “%1” is not of the form &apos;Name: value&apos;.</source>
        <translation>--header“%1”的格式不是 &apos;Name: value&apos;。</translation>
    </message>
    <message>
        <source>Cannot read the body file “%1”: %2.</source>
        <translation>无法读取正文文件“%1”：%2。</translation>
    </message>
    <message>
        <source>No AWS credentials in the environment.</source>
        <translation>环境变量中没有 AWS 凭证。</translation>
    </message>
    <message>
        <source>Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials).</source>
        <translation>请设置 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY（临时凭证还需设置 AWS_SESSION_TOKEN）。</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>用法：%1</translation>
    </message>
</context>
<context>
    <name>mantle::cli::SnippetCommand</name>
    <message>
        <source>--spec: cannot read “%1”: %2.</source>
        <translation>--spec：无法读取“%1”：%2。</translation>
    </message>
    <message>
        <source>--spec: “%1” does not hold a JSON object.</source>
        <translation>--spec：“%1”不包含 JSON 对象。</translation>
    </message>
    <message>
        <source>--spec: %1</source>
        <translation>--spec：%1</translation>
    </message>
    <message>
        <source>Print a request as a program (Python, TypeScript, curl)</source>
        <translation>将请求输出为程序（Python、TypeScript、curl）</translation>
    </message>
    <message>
        <source>Run `mantle snippet --help` for the options.</source>
        <translation>运行 `mantle snippet --help` 查看选项。</translation>
    </message>
    <message>
        <source>%1.
The program reads its credentials from the environment when it runs
(AWS_BEARER_TOKEN_BEDROCK, or the AWS_* key variables or AWS_PROFILE for SigV4);
this command reads none and sends nothing.</source>
        <translation>%1。
程序在运行时从环境变量读取凭证（AWS_BEARER_TOKEN_BEDROCK，或用于
SigV4 的 AWS_* 密钥变量或 AWS_PROFILE）；此命令不读取任何凭证，
也不发送任何内容。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>显示此帮助。</translation>
    </message>
    <message>
        <source>The API: %1.</source>
        <translation>API：%1。</translation>
    </message>
    <message>
        <source>The language: %1.</source>
        <translation>语言：%1。</translation>
    </message>
    <message>
        <source>A request description (RequestSpec JSON) instead of the request flags.</source>
        <translation>请求描述（RequestSpec JSON），用于替代各个请求选项。</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>用法：%1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>意外的参数“%1”。</translation>
    </message>
    <message>
        <source>--lang is required (%1).</source>
        <translation>必须指定 --lang（%1）。</translation>
    </message>
    <message>
        <source>--lang takes %1, not “%2”.</source>
        <translation>--lang 的取值为 %1，而不是“%2”。</translation>
    </message>
    <message>
        <source>--api takes %1, not “%2”.</source>
        <translation>--api 的取值为 %1，而不是“%2”。</translation>
    </message>
    <message>
        <source>--spec replaces --%1: give one or the other.</source>
        <translation>--spec 会替代 --%1：请只提供其中一个。</translation>
    </message>
    <message>
        <source>--api %1 does not match the spec&apos;s API (%2).</source>
        <translation>--api %1 与 spec 中的 API（%2）不一致。</translation>
    </message>
    <message>
        <source>--api is required (%1).</source>
        <translation>必须指定 --api（%1）。</translation>
    </message>
</context>
<context>
    <name>mantle::cli::TokenCommand</name>
    <message>
        <source>Run `mantle token --help` for the options.</source>
        <translation>运行 `mantle token --help` 查看选项。</translation>
    </message>
    <message>
        <source>A short-term API key is made from SigV4 credentials (access keys or a role), not from another API key: use such an account, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN).</source>
        <translation>短期 API 密钥由 SigV4 凭证（访问密钥或角色）生成，而不是由其他 API 密钥生成：请使用此类账户，或设置 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY（以及 AWS_SESSION_TOKEN）。</translation>
    </message>
    <message>
        <source>Make a short-term Bedrock API key from SigV4 credentials</source>
        <translation>从 SigV4 凭证生成短期 Bedrock API 密钥</translation>
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
        <translation>像 AWS 的令牌生成器一样，在本地从 SigV4 凭证生成短期 Bedrock API 密钥
（&quot;bedrock-api-key-…&quot;，最长有效 12 小时，仅限一个区域），并只将密钥本身输出到
stdout，这样
  export AWS_BEARER_TOKEN_BEDROCK=$(mantle token --region us-east-1)
即可直接使用；其过期时间和区域输出到 stderr。凭证来自账户（--account：访问密钥，
或通过 STS 代入的角色），否则来自 AWS_ACCESS_KEY_ID、AWS_SECRET_ACCESS_KEY 和
AWS_SESSION_TOKEN。如果临时凭证更早过期，密钥的有效期会随之缩短。无论请求发往哪个
端点，密钥都有效；接受 --endpoint 只是为了与其他命令保持一致。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>显示此帮助。</translation>
    </message>
    <message>
        <source>How long the key lives, in seconds: %1 to %2 (the default).</source>
        <translation>密钥的有效期（秒）：%1 到 %2（默认值）。</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>用法：%1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>意外的参数“%1”。</translation>
    </message>
    <message>
        <source>--expires-in takes seconds from %1 to %2, not “%3”.</source>
        <translation>--expires-in 需要 %1 到 %2 之间的秒数，而不是“%3”。</translation>
    </message>
    <message>
        <source>The account “%1” uses an API key: it has no SigV4 credentials.</source>
        <translation>账户“%1”使用 API 密钥：它没有 SigV4 凭证。</translation>
    </message>
    <message>
        <source>The environment has an API key (AWS_BEARER_TOKEN_BEDROCK) but no SigV4 credentials.</source>
        <translation>环境中有 API 密钥（AWS_BEARER_TOKEN_BEDROCK），但没有 SigV4 凭证。</translation>
    </message>
    <message>
        <source>No credentials in the environment.</source>
        <translation>环境变量中没有凭证。</translation>
    </message>
    <message>
        <source>Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials), or give --account A.</source>
        <translation>请设置 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY（临时凭证还需设置 AWS_SESSION_TOKEN），或使用 --account A。</translation>
    </message>
    <message>
        <source>No region: give --region R, --account A or set AWS_REGION.</source>
        <translation>未指定区域：请提供 --region R、--account A，或设置 AWS_REGION。</translation>
    </message>
    <message>
        <source>“%1” is not one of Mantle&apos;s regions.</source>
        <translation>“%1”不是 Mantle 的区域。</translation>
    </message>
    <message>
        <source>expires at %1 (region %2)</source>
        <translation>将于 %1 过期（区域 %2）</translation>
    </message>
    <message>
        <source>The key lives %1 seconds only: the temporary credentials it was made from expire then.</source>
        <translation>密钥的有效期只有 %1 秒：生成它的临时凭证届时就会过期。</translation>
    </message>
</context>
<context>
    <name>mantle::codeexport::SnippetGenerator</name>
    <message>
        <source>A %1 request cannot be exported as %2.</source>
        <translation>%1 请求无法导出为 %2。</translation>
    </message>
    <message>
        <source>No language fits this API.</source>
        <translation>没有适用于此 API 的语言。</translation>
    </message>
    <message>
        <source>Languages that fit: %1.</source>
        <translation>适用的语言：%1。</translation>
    </message>
    <message>
        <source>Unknown snippet language.</source>
        <translation>未知的代码片段语言。</translation>
    </message>
</context>
<context>
    <name>mantle::compare::CompareRun</name>
    <message>
        <source>No target to compare.</source>
        <translation>没有要比较的目标。</translation>
    </message>
    <message>
        <source>Add at least one target.</source>
        <translation>请至少添加一个目标。</translation>
    </message>
    <message>
        <source>%1 targets are too many: at most %2 are compared at once.</source>
        <translation>%1 个目标太多：一次最多比较 %2 个。</translation>
    </message>
    <message>
        <source>Remove some targets.</source>
        <translation>请删除一些目标。</translation>
    </message>
    <message>
        <source>Target %1 names no model.</source>
        <translation>目标 %1 未指定模型。</translation>
    </message>
    <message>
        <source>Target %1 uses the %2 API, which gives no answer.</source>
        <translation>目标 %1 使用的 %2 API 不生成响应。</translation>
    </message>
    <message>
        <source>The target “%1” is given twice.</source>
        <translation>目标“%1”指定了两次。</translation>
    </message>
    <message>
        <source>No way to resolve the target is set.</source>
        <translation>未设置解析目标的方式。</translation>
    </message>
    <message>
        <source>The comparison was cancelled.</source>
        <translation>比较已取消。</translation>
    </message>
</context>
<context>
    <name>mantle::compare::CompareTarget</name>
    <message>
        <source>A target reads like api=chat,model=openai.gpt-oss-120b,region=us-east-1,account=NAME.</source>
        <translation>目标的格式如 api=chat,model=openai.gpt-oss-120b,region=us-east-1,account=NAME。</translation>
    </message>
    <message>
        <source>The target item “%1” is not of the form key=value.</source>
        <translation>目标项“%1”不是 key=value 格式。</translation>
    </message>
    <message>
        <source>The target item “%1” has an unknown key (the keys are api, model, region and account).</source>
        <translation>目标项“%1”的键未知（可用的键为 api、model、region 和 account）。</translation>
    </message>
    <message>
        <source>The target item “%1” repeats the key “%2”.</source>
        <translation>目标项“%1”重复了键“%2”。</translation>
    </message>
    <message>
        <source>The target item “%1” has no value.</source>
        <translation>目标项“%1”没有值。</translation>
    </message>
    <message>
        <source>The target item “%1” names no answer API (the APIs are chat, responses and messages).</source>
        <translation>目标项“%1”未指定生成响应的 API（可用的 API 为 chat、responses 和 messages）。</translation>
    </message>
    <message>
        <source>The target “%1” names no model.</source>
        <translation>目标“%1”未指定模型。</translation>
    </message>
</context>
<context>
    <name>mantle::compare::RegionMatrix</name>
    <message>
        <source>Unknown error.</source>
        <translation>未知错误。</translation>
    </message>
    <message>
        <source>No way to reach the region.</source>
        <translation>无法连接到该区域。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
</context>
<context>
    <name>mantle::emulator::EmulatorProgram</name>
    <message>
        <source>Run `%1 --help` for the options.</source>
        <translation>运行 `%1 --help` 查看选项。</translation>
    </message>
    <message>
        <source>A local Amazon Bedrock Mantle on 127.0.0.1, for tests and demos.
It accepts SigV4 with the access key id AKIDMANTLEEMULATOR and the secret
mantle-emulator-secret, and the API key mantle-emulator-key (Authorization:
Bearer, or x-api-key under /anthropic). A request can ask for faults with the
header x-emulator-fault (latency=MS; status=CODE; retry-after=S; access-denied;
wrong-prefix; drop-after=N; malformed-after=N; stall-after=N) and for a pace
between stream events with x-emulator-pace: MS.</source>
        <translation>运行在 127.0.0.1 上的本地 Amazon Bedrock Mantle，用于测试和演示。
它接受使用访问密钥 ID AKIDMANTLEEMULATOR 和秘密访问密钥
mantle-emulator-secret 的 SigV4 签名，以及 API 密钥 mantle-emulator-key
（Authorization: Bearer，或在 /anthropic 下使用 x-api-key）。请求可通过
标头 x-emulator-fault 请求故障（latency=MS; status=CODE; retry-after=S;
access-denied; wrong-prefix; drop-after=N; malformed-after=N;
stall-after=N），并可通过 x-emulator-pace: MS 设置流事件之间的间隔。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>显示此帮助。</translation>
    </message>
    <message>
        <source>The port on 127.0.0.1 (0, the default, picks a free one).</source>
        <translation>127.0.0.1 上的端口（默认为 0，即自动选择空闲端口）。</translation>
    </message>
    <message>
        <source>The region of requests whose signature or Host names none (default us-east-1).</source>
        <translation>签名或 Host 中未指定区域的请求所用的区域（默认 us-east-1）。</translation>
    </message>
    <message>
        <source>Milliseconds between two events of a streamed answer (default 0: all at once); a request&apos;s x-emulator-pace header overrides it.</source>
        <translation>流式响应中两个事件之间的毫秒数（默认 0：一次性全部发送）；请求的 x-emulator-pace 标头会覆盖此值。</translation>
    </message>
    <message>
        <source>Stream without chunked encoding, ending each stream by closing the connection.</source>
        <translation>不使用分块编码进行流式传输，通过关闭连接来结束每个流。</translation>
    </message>
    <message>
        <source>Log every request on standard error.</source>
        <translation>在标准错误输出中记录每个请求。</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>用法：%1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>意外的参数“%1”。</translation>
    </message>
    <message>
        <source>--port takes a number from 0 to 65535, not “%1”.</source>
        <translation>--port 需要 0 到 65535 之间的数字，而不是“%1”。</translation>
    </message>
    <message>
        <source>--region must be one of the Mantle regions (%1), not “%2”.</source>
        <translation>--region 必须是 Mantle 区域之一（%1），而不是“%2”。</translation>
    </message>
    <message>
        <source>--pace-ms takes milliseconds from 0 to %1, not “%2”.</source>
        <translation>--pace-ms 需要 0 到 %1 之间的毫秒数，而不是“%2”。</translation>
    </message>
    <message>
        <source>%1: cannot listen on 127.0.0.1:%2: %3</source>
        <translation>%1：无法在 127.0.0.1:%2 上监听：%3</translation>
    </message>
</context>
<context>
    <name>mantle::emulator::FaultPlan</name>
    <message>
        <source>The fault “%1” takes no value.</source>
        <translation>故障“%1”不接受值。</translation>
    </message>
    <message>
        <source>The fault “%1” needs a value (%1=N).</source>
        <translation>故障“%1”需要一个值（%1=N）。</translation>
    </message>
    <message>
        <source>Unknown fault “%1” (known: latency, status, retry-after, access-denied, wrong-prefix, drop-after, malformed-after, stall-after).</source>
        <translation>未知故障“%1”（已知故障：latency、status、retry-after、access-denied、wrong-prefix、drop-after、malformed-after、stall-after）。</translation>
    </message>
    <message>
        <source>The fault “%1” needs a number from %2 to %3, not “%4”.</source>
        <translation>故障“%1”需要 %2 到 %3 之间的数字，而不是“%4”。</translation>
    </message>
    <message>
        <source>The fault “retry-after” goes with a “status” fault.</source>
        <translation>故障“retry-after”需要与“status”故障一起使用。</translation>
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
        <translation>统计 token</translation>
    </message>
    <message>
        <source>List models</source>
        <translation>列出模型</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::CostLedger</name>
    <message>
        <source>A cost total has no valid amount.</source>
        <translation>费用合计没有有效的金额。</translation>
    </message>
    <message>
        <source>The cost ledger is not in %1.</source>
        <translation>费用账本的货币不是 %1。</translation>
    </message>
    <message>
        <source>The cost ledger has an invalid day &quot;%1&quot;.</source>
        <translation>费用账本中有无效的日期 &quot;%1&quot;。</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::Endpoint</name>
    <message>
        <source>Give the root URL to which /v1, /openai/v1 or /anthropic/v1 is added, such as https://bedrock-mantle.us-east-1.api.aws, or http://127.0.0.1:8080 for a local emulator.</source>
        <translation>请提供根 URL（后面会追加 /v1、/openai/v1 或 /anthropic/v1），例如 https://bedrock-mantle.us-east-1.api.aws；本地模拟器可使用 http://127.0.0.1:8080。</translation>
    </message>
    <message>
        <source>Start it with https:// (or http:// for a local emulator on this computer).</source>
        <translation>请以 https:// 开头（本机上的本地模拟器可使用 http://）。</translation>
    </message>
    <message>
        <source>No endpoint URL is given.</source>
        <translation>未提供端点 URL。</translation>
    </message>
    <message>
        <source>“%1” has no scheme.</source>
        <translation>“%1”没有协议。</translation>
    </message>
    <message>
        <source>The endpoint URL contains a user name or password (the part before “@”).</source>
        <translation>端点 URL 包含用户名或密码（“@”之前的部分）。</translation>
    </message>
    <message>
        <source>Remove it: credentials belong in the account or the environment, never in the URL.</source>
        <translation>请将其删除：凭证应放在账户或环境变量中，绝不能放在 URL 中。</translation>
    </message>
    <message>
        <source>“%1” is not a valid URL.</source>
        <translation>“%1”不是有效的 URL。</translation>
    </message>
    <message>
        <source>“%1” uses the scheme “%2”, which an endpoint cannot use.</source>
        <translation>“%1”使用了协议“%2”，端点不能使用该协议。</translation>
    </message>
    <message>
        <source>“%1” has no host name.</source>
        <translation>“%1”没有主机名。</translation>
    </message>
    <message>
        <source>“%1” has an invalid port.</source>
        <translation>“%1”的端口无效。</translation>
    </message>
    <message>
        <source>Give a port from 1 to 65535, or none for the scheme&apos;s default.</source>
        <translation>请提供 1 到 65535 之间的端口，或不指定以使用协议的默认端口。</translation>
    </message>
    <message>
        <source>“%1” has a query (“?…”), which an endpoint cannot have.</source>
        <translation>“%1”包含查询（“?…”），端点不能包含查询。</translation>
    </message>
    <message>
        <source>“%1” has a fragment (“#…”), which an endpoint cannot have.</source>
        <translation>“%1”包含片段（“#…”），端点不能包含片段。</translation>
    </message>
    <message>
        <source>“%1” uses plain http to %2, which is not this computer: credentials and prompts would travel unencrypted.</source>
        <translation>“%1”使用明文 http 连接到 %2，而它不是本机：凭证和提示词将以未加密方式传输。</translation>
    </message>
    <message>
        <source>Use https://. Plain http:// is only for a local emulator on 127.0.0.1, ::1 or localhost.</source>
        <translation>请使用 https://。明文 http:// 仅适用于 127.0.0.1、::1 或 localhost 上的本地模拟器。</translation>
    </message>
    <message>
        <source>“%1” has “.” or “..” in its path.</source>
        <translation>“%1”的路径中包含“.”或“..”。</translation>
    </message>
    <message>
        <source>Write the path prefix out in full, such as https://gateway.example.com/mantle.</source>
        <translation>请完整写出路径前缀，例如 https://gateway.example.com/mantle。</translation>
    </message>
    <message>
        <source>“%1” already ends with the route “%2”, which is added to every request.</source>
        <translation>“%1”已经以路由“%2”结尾，而该路由会添加到每个请求中。</translation>
    </message>
    <message>
        <source>Give the root URL without it: %1</source>
        <translation>请提供不含该路由的根 URL：%1</translation>
    </message>
    <message>
        <source>No region is set.</source>
        <translation>未设置区域。</translation>
    </message>
    <message>
        <source>Choose one of the regions that serve Bedrock Mantle: %1.</source>
        <translation>请选择提供 Bedrock Mantle 的区域之一：%1。</translation>
    </message>
    <message>
        <source>The region “%1” does not serve Bedrock Mantle.</source>
        <translation>区域“%1”不提供 Bedrock Mantle。</translation>
    </message>
    <message>
        <source>“%1” is not an AWS region code.</source>
        <translation>“%1”不是 AWS 区域代码。</translation>
    </message>
    <message>
        <source>Use one of the regions that serve Bedrock Mantle: %1.</source>
        <translation>请使用提供 Bedrock Mantle 的区域之一：%1。</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelCatalogue</name>
    <message>
        <source>The model catalogue is not a JSON object: %1</source>
        <translation>模型目录不是 JSON 对象：%1</translation>
    </message>
    <message>
        <source>The model catalogue has no &quot;models&quot; list.</source>
        <translation>模型目录没有 &quot;models&quot; 列表。</translation>
    </message>
    <message>
        <source>The model catalogue lists %1 twice.</source>
        <translation>模型目录中 %1 出现了两次。</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelInfo</name>
    <message>
        <source>The surfaces must be a list of names such as &quot;chat&quot;.</source>
        <translation>接口必须是名称列表，例如 &quot;chat&quot;。</translation>
    </message>
    <message>
        <source>Unknown API surface &quot;%1&quot;; known are: %2.</source>
        <translation>未知的 API 接口 &quot;%1&quot;；已知接口有：%2。</translation>
    </message>
    <message>
        <source>A model entry has no id.</source>
        <translation>某个模型条目没有 ID。</translation>
    </message>
    <message>
        <source>The context size of %1 must be a whole number of tokens.</source>
        <translation>%1 的上下文大小必须是整数个 token。</translation>
    </message>
    <message>
        <source>Model %1: %2</source>
        <translation>模型 %1：%2</translation>
    </message>
    <message>
        <source>The prices of %1 must be an object or null.</source>
        <translation>%1 的价格必须是对象或 null。</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelList</name>
    <message>
        <source>The model list answer is not an OpenAI-style list of models.</source>
        <translation>模型列表响应不是 OpenAI 风格的模型列表。</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelPrices</name>
    <message>
        <source>The price &quot;%1&quot; must be a number of zero or more.</source>
        <translation>价格 &quot;%1&quot; 必须是大于或等于零的数字。</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelSettings</name>
    <message>
        <source>A model setting has no valid model id (&quot;%1&quot;).</source>
        <translation>某个模型设置没有有效的模型 ID（&quot;%1&quot;）。</translation>
    </message>
    <message>
        <source>Model %1: %2 is not a Mantle region; Mantle serves %3.</source>
        <translation>模型 %1：%2 不是 Mantle 区域；Mantle 在以下区域提供：%3。</translation>
    </message>
    <message>
        <source>Model %1: the route prefix must be &quot;v1&quot; or &quot;openai-v1&quot;.</source>
        <translation>模型 %1：路由前缀必须是 &quot;v1&quot; 或 &quot;openai-v1&quot;。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a model id.</source>
        <translation>&quot;%1&quot; 不是模型 ID。</translation>
    </message>
    <message>
        <source>Use the bare id that the model list shows, such as openai.gpt-oss-120b.</source>
        <translation>请使用模型列表中显示的纯 ID，例如 openai.gpt-oss-120b。</translation>
    </message>
    <message>
        <source>The model settings list %1 twice.</source>
        <translation>模型设置中 %1 出现了两次。</translation>
    </message>
    <message>
        <source>The model picker&apos;s list is not a list of model ids.</source>
        <translation>模型选择器的列表不是模型 ID 列表。</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::RouteResolver</name>
    <message>
        <source>No model is chosen for the %1 request.</source>
        <translation>未为 %1 请求选择模型。</translation>
    </message>
    <message>
        <source>Choose one of the models the region serves.</source>
        <translation>请选择该区域提供的模型之一。</translation>
    </message>
    <message>
        <source>“%1” is not a valid resource path.</source>
        <translation>“%1”不是有效的资源路径。</translation>
    </message>
    <message>
        <source>Give non-empty path segments such as responses/resp_123/cancel, with anything but letters, digits and -._~ percent-encoded.</source>
        <translation>请提供非空的路径段，例如 responses/resp_123/cancel，除字母、数字和 -._~ 以外的字符都需进行百分号编码。</translation>
    </message>
</context>
<context>
    <name>mantle::net::HttpCall</name>
    <message>
        <source>The request to %1 was cancelled.</source>
        <translation>发往 %1 的请求已取消。</translation>
    </message>
    <message>
        <source>There are no AWS credentials to sign the request to %1 with.</source>
        <translation>没有可用于为发往 %1 的请求签名的 AWS 凭证。</translation>
    </message>
    <message>
        <source>Choose an account with AWS credentials, or use an API key.</source>
        <translation>请选择具有 AWS 凭证的账户，或使用 API 密钥。</translation>
    </message>
    <message>
        <source>Check the network connection and the proxy settings, then try again.</source>
        <translation>请检查网络连接和代理设置，然后重试。</translation>
    </message>
    <message>
        <source>Could not connect to %1: the connection was refused.</source>
        <translation>无法连接到 %1：连接被拒绝。</translation>
    </message>
    <message>
        <source>Check the endpoint URL and that nothing (a firewall, a proxy) blocks it.</source>
        <translation>请检查端点 URL，并确认没有任何东西（防火墙、代理）阻止它。</translation>
    </message>
    <message>
        <source>Could not find the host %1.</source>
        <translation>找不到主机 %1。</translation>
    </message>
    <message>
        <source>Check the region or endpoint, the network connection and the DNS or proxy settings.</source>
        <translation>请检查区域或端点、网络连接以及 DNS 或代理设置。</translation>
    </message>
    <message>
        <source>The connection to %1 was closed before the answer was complete.</source>
        <translation>与 %1 的连接在响应完成前已关闭。</translation>
    </message>
    <message>
        <source>The secure connection to %1 failed: %2</source>
        <translation>与 %1 建立安全连接失败：%2</translation>
    </message>
    <message>
        <source>A proxy that inspects TLS may be in the way, or the system&apos;s certificates may be out of date.</source>
        <translation>可能有检查 TLS 的代理在中间拦截，或系统证书已过期。</translation>
    </message>
    <message>
        <source>Could not reach %1: %2</source>
        <translation>无法访问 %1：%2</translation>
    </message>
    <message>
        <source>Could not connect to %1 within %2 seconds.</source>
        <translation>无法在 %2 秒内连接到 %1。</translation>
    </message>
    <message>
        <source>%1 sent nothing for %2 seconds, so the request was stopped.</source>
        <translation>%1 在 %2 秒内未发送任何内容，因此请求已停止。</translation>
    </message>
</context>
<context>
    <name>mantle::net::SseParser</name>
    <message>
        <source>Server-sent events come in short lines. Check that the endpoint is the one you meant and that no proxy in between changes the answer.</source>
        <translation>服务器发送事件由短行组成。请检查端点是否正确，以及中间是否有代理修改了响应。</translation>
    </message>
    <message>
        <source>The event stream sent a line longer than %1 and was stopped.</source>
        <translation>事件流发送了长度超过 %1 的行，已停止。</translation>
    </message>
    <message>
        <source>The event stream sent an event larger than %1 and was stopped.</source>
        <translation>事件流发送了大于 %1 的事件，已停止。</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::BackgroundPoller</name>
    <message>
        <source>Stopped following the background response %1; it goes on running on the server.</source>
        <translation>已停止跟踪后台响应 %1；它仍在服务器上继续运行。</translation>
    </message>
    <message>
        <source>The background response %1 was still “%2” after %3 seconds.</source>
        <translation>%3 秒后，后台响应 %1 仍为“%2”。</translation>
    </message>
    <message>
        <source>It goes on running on the server: look it up later with its id.</source>
        <translation>它仍在服务器上继续运行：稍后可通过其 ID 查询。</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::MantleCall</name>
    <message>
        <source>The request was cancelled.</source>
        <translation>请求已取消。</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::RequestRecord</name>
    <message>
        <source>a [name, value] pair</source>
        <translation>[名称, 值] 对</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::RouteMemory</name>
    <message>
        <source>Could not read the learned routes in %1: %2</source>
        <translation>无法读取 %1 中已记住的路由：%2</translation>
    </message>
    <message>
        <source>The learned routes in %1 are not valid JSON.</source>
        <translation>%1 中已记住的路由不是有效的 JSON。</translation>
    </message>
    <message>
        <source>Delete the file; routes are learned again as needed.</source>
        <translation>请删除该文件；路由会在需要时重新记住。</translation>
    </message>
    <message>
        <source>Could not save the learned routes to %1: %2</source>
        <translation>无法将已记住的路由保存到 %1：%2</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::StoredResponseCall</name>
    <message>
        <source>The server did not confirm that the response %1 was deleted.</source>
        <translation>服务器未确认响应 %1 已删除。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::TokenCounter</name>
    <message>
        <source>Tokens are counted for Messages requests only, not for %1.</source>
        <translation>仅对 Messages 请求计算 token 数，不对 %1 请求计算。</translation>
    </message>
    <message>
        <source>The count tokens answer has no input_tokens.</source>
        <translation>token 计数响应中没有 input_tokens。</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::TurnCall</name>
    <message>
        <source>The %1 API takes no request body.</source>
        <translation>%1 API 不接受请求正文。</translation>
    </message>
    <message>
        <source>The %1 API does not answer with a turn.</source>
        <translation>%1 API 不会以轮次作答。</translation>
    </message>
    <message>
        <source>The request was cancelled.</source>
        <translation>请求已取消。</translation>
    </message>
    <message>
        <source>The stream from %1 ended before the answer was complete: its final event never came.</source>
        <translation>来自 %1 的流在响应完成之前就结束了：最终事件始终没有到达。</translation>
    </message>
    <message>
        <source>What arrived is kept; try the request again.</source>
        <translation>已收到的内容会保留；请重试该请求。</translation>
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
        <translation>数字</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>a boolean</source>
        <translation>布尔值</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>an array</source>
        <translation>数组</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>&quot;%1&quot;</source>
        <translation>&quot;%1&quot;</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>空</translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <translation>%1 或 %2</translation>
    </message>
    <message>
        <source>%1 is not allowed here</source>
        <translation>此处不允许 %1</translation>
    </message>
    <message>
        <source>expected %1, got %2</source>
        <translation>应为%1，实际为%2</translation>
    </message>
    <message>
        <source>the required property &quot;%1&quot; is missing</source>
        <translation>缺少必需的属性 &quot;%1&quot;</translation>
    </message>
    <message>
        <source>the property &quot;%1&quot; is not allowed (additionalProperties)</source>
        <translation>不允许属性 &quot;%1&quot;（additionalProperties）</translation>
    </message>
    <message>
        <source>%1 is not one of the allowed values %2</source>
        <translation>%1 不是允许的值 %2 之一</translation>
    </message>
    <message>
        <source>%1 is not one of the allowed values</source>
        <translation>%1 不是允许的值之一</translation>
    </message>
    <message>
        <source>%1 is not the expected value</source>
        <translation>%1 不是预期的值</translation>
    </message>
    <message>
        <source>%1 is above the maximum %2</source>
        <translation>%1 超过了最大值 %2</translation>
    </message>
    <message>
        <source>%1 must be less than %2</source>
        <translation>%1 必须小于 %2</translation>
    </message>
    <message>
        <source>%1 is below the minimum %2</source>
        <translation>%1 低于最小值 %2</translation>
    </message>
    <message>
        <source>%1 must be greater than %2</source>
        <translation>%1 必须大于 %2</translation>
    </message>
    <message>
        <source>%1 is not a multiple of %2</source>
        <translation>%1 不是 %2 的倍数</translation>
    </message>
    <message>
        <source>has %1 items, at most %2 allowed</source>
        <translation>有 %1 项，最多允许 %2 项</translation>
    </message>
    <message>
        <source>has %1 items, at least %2 needed</source>
        <translation>有 %1 项，至少需要 %2 项</translation>
    </message>
    <message>
        <source>the text is longer than %1 characters</source>
        <translation>文本超过 %1 个字符</translation>
    </message>
    <message>
        <source>the text is shorter than %1 characters</source>
        <translation>文本少于 %1 个字符</translation>
    </message>
    <message>
        <source>has more than %1 properties</source>
        <translation>属性超过 %1 个</translation>
    </message>
    <message>
        <source>has fewer than %1 properties</source>
        <translation>属性少于 %1 个</translation>
    </message>
    <message>
        <source>%1 does not match the pattern %2</source>
        <translation>%1 与模式 %2 不匹配</translation>
    </message>
    <message>
        <source>%1 does not match the pattern</source>
        <translation>%1 与模式不匹配</translation>
    </message>
    <message>
        <source>items %1 and %2 are equal, but the items must be unique</source>
        <translation>第 %1 项和第 %2 项相同，但各项必须唯一</translation>
    </message>
    <message>
        <source>the property &quot;%1&quot; is missing (dependencies)</source>
        <translation>缺少属性 &quot;%1&quot;（dependencies）</translation>
    </message>
    <message>
        <source>matches none of the schemas in anyOf</source>
        <translation>与 anyOf 中的任何 Schema 都不匹配</translation>
    </message>
    <message>
        <source>matches none of the schemas in oneOf</source>
        <translation>与 oneOf 中的任何 Schema 都不匹配</translation>
    </message>
    <message>
        <source>matches more than one of the schemas in oneOf</source>
        <translation>与 oneOf 中的多个 Schema 匹配</translation>
    </message>
    <message>
        <source>matches the schema in &quot;not&quot;</source>
        <translation>与 &quot;not&quot; 中的 Schema 匹配</translation>
    </message>
    <message>
        <source>does not satisfy the if/then/else condition</source>
        <translation>不满足 if/then/else 条件</translation>
    </message>
    <message>
        <source>has more items than the schema allows</source>
        <translation>项数超过了 Schema 允许的数量</translation>
    </message>
    <message>
        <source>has no item that matches &quot;contains&quot;</source>
        <translation>没有与 &quot;contains&quot; 匹配的项</translation>
    </message>
    <message>
        <source>%1 is not a valid %2</source>
        <translation>%1 不是有效的 %2</translation>
    </message>
    <message>
        <source>is not allowed by the schema</source>
        <translation>Schema 不允许</translation>
    </message>
    <message>
        <source>does not match its schema</source>
        <translation>与其 Schema 不匹配</translation>
    </message>
    <message>
        <source>does not match the schema</source>
        <translation>与 Schema 不匹配</translation>
    </message>
    <message>
        <source>A schema is a JSON object (or true or false), not %1.</source>
        <translation>Schema 是 JSON 对象（或 true、false），而不是%1。</translation>
    </message>
    <message>
        <source>The schema refers to another document; only local references (&quot;#/...&quot;) are supported.</source>
        <translation>该 Schema 引用了其他文档；仅支持本地引用（&quot;#/...&quot;）。</translation>
    </message>
    <message>
        <source>The schema is not valid: %1</source>
        <translation>该 Schema 无效：%1</translation>
    </message>
    <message>
        <source>The schema is not valid.</source>
        <translation>该 Schema 无效。</translation>
    </message>
    <message>
        <source>there is no valid schema to check against</source>
        <translation>没有可用于校验的有效 Schema</translation>
    </message>
    <message>
        <source>the value could not be checked: %1</source>
        <translation>无法校验该值：%1</translation>
    </message>
    <message>
        <source>the value could not be checked</source>
        <translation>无法校验该值</translation>
    </message>
    <message>
        <source>the schema allows no value here</source>
        <translation>Schema 在此处不允许任何值</translation>
    </message>
</context>
<context>
    <name>mantle::schema::SchemaViolation</name>
    <message>
        <source>(root)</source>
        <translation>（根）</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>mantle::schema::StrictModeCheck</name>
    <message>
        <source>The root of the schema must be an object, not &quot;anyOf&quot;: make the root an object and put the alternatives in one of its properties.</source>
        <translation>Schema 的根必须是对象，而不是 &quot;anyOf&quot;：请将根设为对象，并把各备选项放在它的某个属性中。</translation>
    </message>
    <message>
        <source>The root of the schema must be an object (&quot;type&quot;: &quot;object&quot;).</source>
        <translation>Schema 的根必须是对象（&quot;type&quot;: &quot;object&quot;）。</translation>
    </message>
    <message>
        <source>The root of the schema must say &quot;type&quot;: &quot;object&quot;.</source>
        <translation>Schema 的根必须声明 &quot;type&quot;: &quot;object&quot;。</translation>
    </message>
    <message>
        <source>Strict mode does not take true or false as a schema: write the schema out (with a &quot;type&quot;).</source>
        <translation>严格模式不接受 true 或 false 作为 Schema：请完整写出 Schema（包含 &quot;type&quot;）。</translation>
    </message>
    <message>
        <source>Strict mode does not take a list of schemas in &quot;items&quot; (a tuple): give one schema that every item follows.</source>
        <translation>严格模式不接受 &quot;items&quot; 中的 Schema 列表（元组）：请提供一个所有项都遵循的 Schema。</translation>
    </message>
    <message>
        <source>Put &quot;%1&quot; at the root of the schema; strict mode does not read definitions further in.</source>
        <translation>请将 &quot;%1&quot; 放在 Schema 的根部；严格模式不会读取更深层的定义。</translation>
    </message>
    <message>
        <source>The format &quot;%1&quot; is not supported in strict mode (supported: date-time, time, date, duration, email, hostname, ipv4, ipv6, uuid).</source>
        <translation>严格模式不支持格式 &quot;%1&quot;（支持：date-time、time、date、duration、email、hostname、ipv4、ipv6、uuid）。</translation>
    </message>
    <message>
        <source>Strict mode only follows references within the schema (&quot;#/$defs/...&quot;), not &quot;%1&quot;.</source>
        <translation>严格模式只支持 Schema 内部的引用（&quot;#/$defs/...&quot;），不支持 &quot;%1&quot;。</translation>
    </message>
    <message>
        <source>Strict mode does not support &quot;oneOf&quot;; merge it with the &quot;anyOf&quot; next to it by hand.</source>
        <translation>严格模式不支持 &quot;oneOf&quot;；请手动将其与相邻的 &quot;anyOf&quot; 合并。</translation>
    </message>
    <message>
        <source>Strict mode does not support &quot;oneOf&quot;; &quot;anyOf&quot; is the alternative it takes.</source>
        <translation>严格模式不支持 &quot;oneOf&quot;；可改用它支持的 &quot;anyOf&quot;。</translation>
    </message>
    <message>
        <source>Strict mode does not support &quot;allOf&quot;: merge its schemas into one by hand.</source>
        <translation>严格模式不支持 &quot;allOf&quot;：请手动将其中的 Schema 合并为一个。</translation>
    </message>
    <message>
        <source>Strict mode does not support the keyword &quot;%1&quot;: the request would be refused. Removing it loosens the schema; answers are still checked against it here.</source>
        <translation>严格模式不支持关键字 &quot;%1&quot;：请求将被拒绝。删除它会放宽 Schema；但本应用仍会按它校验响应。</translation>
    </message>
    <message>
        <source>Strict mode needs a &quot;type&quot; here (or &quot;anyOf&quot;, &quot;enum&quot;, &quot;const&quot; or &quot;$ref&quot;): a schema that allows anything is not supported.</source>
        <translation>严格模式要求此处有 &quot;type&quot;（或 &quot;anyOf&quot;、&quot;enum&quot;、&quot;const&quot;、&quot;$ref&quot;）：不支持允许任意值的 Schema。</translation>
    </message>
    <message>
        <source>&quot;type&quot; must be a type name or a list of them.</source>
        <translation>&quot;type&quot; 必须是类型名称或类型名称列表。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a type strict mode supports (string, number, integer, boolean, object, array, null).</source>
        <translation>&quot;%1&quot; 不是严格模式支持的类型（string、number、integer、boolean、object、array、null）。</translation>
    </message>
    <message>
        <source>This schema has properties but no &quot;type&quot;: strict mode needs &quot;type&quot;: &quot;object&quot;.</source>
        <translation>此 Schema 有属性但没有 &quot;type&quot;：严格模式要求 &quot;type&quot;: &quot;object&quot;。</translation>
    </message>
    <message>
        <source>Objects are nested %1 levels deep here; strict mode allows at most %2.</source>
        <translation>此处对象嵌套了 %1 层；严格模式最多允许 %2 层。</translation>
    </message>
    <message>
        <source>Strict mode needs &quot;additionalProperties&quot;: false on every object, so that the answer has exactly the properties listed.</source>
        <translation>严格模式要求每个对象都设置 &quot;additionalProperties&quot;: false，以使响应恰好包含所列的属性。</translation>
    </message>
    <message>
        <source>Strict mode needs every property in &quot;required&quot;; &quot;%1&quot; is not. An optional property is written as required and nullable (its type allows null).</source>
        <translation>严格模式要求每个属性都在 &quot;required&quot; 中；&quot;%1&quot; 不在其中。可选属性应写为必需且可为 null（其类型允许 null）。</translation>
    </message>
    <message>
        <source>This enum has %1 values of %2 characters in all; with more than %3 values strict mode allows at most %4 characters.</source>
        <translation>此枚举共有 %1 个值，总计 %2 个字符；值超过 %3 个时，严格模式最多允许 %4 个字符。</translation>
    </message>
    <message>
        <source>The schema has %1 object properties; strict mode allows at most %2.</source>
        <translation>该 Schema 有 %1 个对象属性；严格模式最多允许 %2 个。</translation>
    </message>
    <message>
        <source>The schema has %1 enum values; strict mode allows at most %2.</source>
        <translation>该 Schema 有 %1 个枚举值；严格模式最多允许 %2 个。</translation>
    </message>
    <message>
        <source>Property names, definition names, enum and const values come to %1 characters; strict mode allows at most %2.</source>
        <translation>属性名称、定义名称、枚举值和 const 值合计 %1 个字符；严格模式最多允许 %2 个。</translation>
    </message>
</context>
<context>
    <name>mantle::schema::StrictModeFinding</name>
    <message>
        <source>Set &quot;additionalProperties&quot; to false</source>
        <translation>将 &quot;additionalProperties&quot; 设为 false</translation>
    </message>
    <message>
        <source>Add &quot;%1&quot; to &quot;required&quot; and allow null for it</source>
        <translation>将 &quot;%1&quot; 添加到 &quot;required&quot; 并允许其为 null</translation>
    </message>
    <message>
        <source>Remove &quot;%1&quot;</source>
        <translation>删除 &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Replace &quot;oneOf&quot; with &quot;anyOf&quot;</source>
        <translation>将 &quot;oneOf&quot; 替换为 &quot;anyOf&quot;</translation>
    </message>
    <message>
        <source>Add &quot;type&quot;: &quot;object&quot;</source>
        <translation>添加 &quot;type&quot;: &quot;object&quot;</translation>
    </message>
</context>
<context>
    <name>mantle::sessions::Session</name>
    <message>
        <source>&quot;user&quot;, &quot;assistant&quot; or &quot;tool&quot;</source>
        <translation>&quot;user&quot;、&quot;assistant&quot; 或 &quot;tool&quot;</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>New session</source>
        <translation>新会话</translation>
    </message>
    <message>
        <source>This is not a Mantle Playground session: the field &quot;%1&quot; is not &quot;%2&quot;.</source>
        <translation>这不是 Mantle Playground 会话：字段 &quot;%1&quot; 不是 &quot;%2&quot;。</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is invalid: expected a whole number.</source>
        <translation>字段 &quot;%1&quot; 无效：应为整数。</translation>
    </message>
    <message>
        <source>This session was written by a newer version of the app (session format %1; this version reads up to %2), so it is left untouched.</source>
        <translation>此会话由更新版本的应用写入（会话格式 %1；此版本最多能读取 %2），因此保持原样不做改动。</translation>
    </message>
    <message>
        <source>Update Mantle Playground to open it.</source>
        <translation>请更新 Mantle Playground 以打开它。</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is invalid: expected a session id (letters, digits and &apos;-&apos;).</source>
        <translation>字段 &quot;%1&quot; 无效：应为会话 ID（字母、数字和“-”）。</translation>
    </message>
    <message>
        <source>Untitled session</source>
        <translation>未命名会话</translation>
    </message>
    <message>
        <source>API: %1</source>
        <translation>API：%1</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>Region: %1</source>
        <translation>区域：%1</translation>
    </message>
    <message>
        <source>Tool call `%1` (id `%2`):</source>
        <translation>工具调用 `%1`（ID `%2`）：</translation>
    </message>
    <message>
        <source>The answer failed: %1</source>
        <translation>响应失败：%1</translation>
    </message>
    <message>
        <source>Stopped before the answer was complete.</source>
        <translation>在响应完成前已停止。</translation>
    </message>
    <message>
        <source>Tool result</source>
        <translation>工具结果</translation>
    </message>
    <message>
        <source>For the tool call `%1`:</source>
        <translation>对应工具调用 `%1`：</translation>
    </message>
    <message>
        <source>The tool reported an error.</source>
        <translation>工具报告了错误。</translation>
    </message>
    <message>
        <source>The Markdown file has no conversation in it.</source>
        <translation>该 Markdown 文件中没有对话。</translation>
    </message>
    <message>
        <source>Give each turn a heading: “## User” or “## Assistant”.</source>
        <translation>请为每个轮次添加标题：“## User”或“## Assistant”。</translation>
    </message>
    <message>
        <source>%1 (fork)</source>
        <translation>%1（分支）</translation>
    </message>
</context>
<context>
    <name>mantle::sessions::SessionStore</name>
    <message>
        <source>&quot;%1&quot; is not a session id.</source>
        <translation>&quot;%1&quot; 不是会话 ID。</translation>
    </message>
    <message>
        <source>Cannot open the session file &quot;%1&quot;: %2.</source>
        <translation>无法打开会话文件 &quot;%1&quot;：%2。</translation>
    </message>
    <message>
        <source>%1 at byte %2</source>
        <translation>%1，位于字节 %2</translation>
    </message>
    <message>
        <source>it is not a JSON object</source>
        <translation>它不是 JSON 对象</translation>
    </message>
    <message>
        <source>The session file &quot;%1&quot; is not valid JSON: %2.</source>
        <translation>会话文件 &quot;%1&quot; 不是有效的 JSON：%2。</translation>
    </message>
    <message>
        <source>The session file &quot;%1&quot; cannot be used: %2</source>
        <translation>无法使用会话文件 &quot;%1&quot;：%2</translation>
    </message>
    <message>
        <source>Cannot write the file &quot;%1&quot;: %2.</source>
        <translation>无法写入文件 &quot;%1&quot;：%2。</translation>
    </message>
    <message>
        <source>Check that the folder exists, is writable and has free space.</source>
        <translation>请检查该文件夹是否存在、是否可写以及是否有可用空间。</translation>
    </message>
    <message>
        <source>Cannot create the sessions folder &quot;%1&quot;.</source>
        <translation>无法创建会话文件夹 &quot;%1&quot;。</translation>
    </message>
    <message>
        <source>It is not overwritten.</source>
        <translation>不会覆盖它。</translation>
    </message>
    <message>
        <source>The session file &quot;%1&quot; does not exist.</source>
        <translation>会话文件 &quot;%1&quot; 不存在。</translation>
    </message>
    <message>
        <source>It is not deleted.</source>
        <translation>不会删除它。</translation>
    </message>
    <message>
        <source>Move or delete the file yourself if you no longer need it.</source>
        <translation>如果不再需要该文件，请自行移动或删除它。</translation>
    </message>
    <message>
        <source>Cannot delete the session file &quot;%1&quot;: %2.</source>
        <translation>无法删除会话文件 &quot;%1&quot;：%2。</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1（副本）</translation>
    </message>
    <message>
        <source>Cannot read &quot;%1&quot;: %2.</source>
        <translation>无法读取 &quot;%1&quot;：%2。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::AboutDialog</name>
    <message>
        <source>About Mantle Playground</source>
        <translation>关于 Mantle Playground</translation>
    </message>
    <message>
        <source>Mantle Playground %1</source>
        <translation>Mantle Playground %1</translation>
    </message>
    <message>
        <source>A desktop playground for Amazon Bedrock Mantle.</source>
        <translation>适用于 Amazon Bedrock Mantle 的桌面试验场。</translation>
    </message>
    <message>
        <source>Qt %1 (built with Qt %2)</source>
        <translation>Qt %1（使用 Qt %2 构建）</translation>
    </message>
    <message>
        <source>%1 (built with %2)</source>
        <translation>%1（使用 %2 构建）</translation>
    </message>
    <message>
        <source>Licences:</source>
        <translation>许可证：</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1：%2（%3）</translation>
    </message>
    <message>
        <source>The licence of Mantle Playground:</source>
        <translation>Mantle Playground 的许可证：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Mantle Playground&lt;/b&gt;&lt;br&gt;Version %1</source>
        <translation>&lt;b&gt;Mantle Playground&lt;/b&gt;&lt;br&gt;版本 %1</translation>
    </message>
</context>
<context>
    <name>mantle::ui::AccountEditor</name>
    <message>
        <source>Add Account</source>
        <translation>添加账户</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>区域(&amp;R)：</translation>
    </message>
    <message>
        <source>Authentication method</source>
        <translation>身份验证方式</translation>
    </message>
    <message>
        <source>Access key</source>
        <translation>访问密钥</translation>
    </message>
    <message>
        <source>Assumed role</source>
        <translation>代入角色</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>&amp;Authentication:</source>
        <translation>身份验证(&amp;A)：</translation>
    </message>
    <message>
        <source>Access key ID</source>
        <translation>访问密钥 ID</translation>
    </message>
    <message>
        <source>Access key &amp;ID:</source>
        <translation>访问密钥 ID(&amp;I)：</translation>
    </message>
    <message>
        <source>Secret access key</source>
        <translation>秘密访问密钥</translation>
    </message>
    <message>
        <source>&amp;Secret access key:</source>
        <translation>秘密访问密钥(&amp;S)：</translation>
    </message>
    <message>
        <source>Session token</source>
        <translation>会话令牌</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Session &amp;token:</source>
        <translation>会话令牌(&amp;T)：</translation>
    </message>
    <message>
        <source>Role ARN</source>
        <translation>角色 ARN</translation>
    </message>
    <message>
        <source>Role &amp;ARN:</source>
        <translation>角色 ARN(&amp;A)：</translation>
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
        <translation>会话名称</translation>
    </message>
    <message>
        <source>Session na&amp;me:</source>
        <translation>会话名称(&amp;M)：</translation>
    </message>
    <message>
        <source>Session duration in seconds</source>
        <translation>会话持续时间（秒）</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>&amp;Duration:</source>
        <translation>持续时间(&amp;D)：</translation>
    </message>
    <message>
        <source>Source of the credentials</source>
        <translation>凭证来源</translation>
    </message>
    <message>
        <source>Another account&apos;s keys</source>
        <translation>其他账户的密钥</translation>
    </message>
    <message>
        <source>An AWS profile</source>
        <translation>AWS 配置文件</translation>
    </message>
    <message>
        <source>Credentials &amp;from:</source>
        <translation>凭证来源(&amp;F)：</translation>
    </message>
    <message>
        <source>Source account</source>
        <translation>源账户</translation>
    </message>
    <message>
        <source>Source a&amp;ccount:</source>
        <translation>源账户(&amp;C)：</translation>
    </message>
    <message>
        <source>AWS profile</source>
        <translation>AWS 配置文件</translation>
    </message>
    <message>
        <source>AWS &amp;profile:</source>
        <translation>AWS 配置文件(&amp;P)：</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API 密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>Endpoint override</source>
        <translation>覆盖端点</translation>
    </message>
    <message>
        <source>Optional: the region&apos;s Mantle endpoint</source>
        <translation>可选：该区域的 Mantle 端点</translation>
    </message>
    <message>
        <source>&amp;Endpoint:</source>
        <translation>端点(&amp;E)：</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>N&amp;otes:</source>
        <translation>备注(&amp;O)：</translation>
    </message>
    <message>
        <source>Edit Account</source>
        <translation>编辑账户</translation>
    </message>
    <message>
        <source>To change the authentication method, remove the account and add it again.</source>
        <translation>要更改身份验证方式，请删除该账户后重新添加。</translation>
    </message>
    <message>
        <source>Unchanged (stored in the keychain)</source>
        <translation>未更改（保存在钥匙串中）</translation>
    </message>
    <message>
        <source>There is already an account “%1”.</source>
        <translation>已存在账户“%1”。</translation>
    </message>
    <message>
        <source>The secret access key</source>
        <translation>秘密访问密钥</translation>
    </message>
    <message>
        <source>The session token</source>
        <translation>会话令牌</translation>
    </message>
    <message>
        <source>The API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>%1 is required.</source>
        <translation>%1为必填项。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::AccountsDialog</name>
    <message>
        <source>Access key</source>
        <translation>访问密钥</translation>
    </message>
    <message>
        <source>Assumed role</source>
        <translation>代入角色</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation>凭证</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>身份验证</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Import from AWS Profile</source>
        <translation>从 AWS 配置文件导入(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>Checks the selected account&apos;s credentials, region, models and one tiny request.</source>
        <translation>检查所选账户的凭证、区域、模型，并发送一个微型请求。</translation>
    </message>
    <message>
        <source>IAM &amp;Policy…</source>
        <translation>IAM 策略(&amp;P)…</translation>
    </message>
    <message>
        <source>Shows the least-privilege IAM policy the selected account needs, ready to copy.</source>
        <translation>显示所选账户所需的最小权限 IAM 策略，可直接复制。</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>连接测试结果</translation>
    </message>
    <message>
        <source>Connection test steps</source>
        <translation>连接测试步骤</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Broken</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <source>Remove Account</source>
        <translation>删除账户</translation>
    </message>
    <message>
        <source>Remove the account “%1” and its secrets from the keychain?</source>
        <translation>要从钥匙串中删除账户“%1”及其密钥吗？</translation>
    </message>
    <message>
        <source>No AWS profiles found</source>
        <translation>未找到 AWS 配置文件</translation>
    </message>
    <message>
        <source>Imported the AWS profile as “%1”.</source>
        <translation>已将 AWS 配置文件导入为“%1”。</translation>
    </message>
    <message>
        <source>the IAM principal of account “%1”</source>
        <translation>账户“%1”的 IAM 主体</translation>
    </message>
    <message>
        <source>the IAM principal of AWS profile “%1”</source>
        <translation>AWS 配置文件“%1”的 IAM 主体</translation>
    </message>
    <message>
        <source>Testing “%1”…</source>
        <translation>正在测试“%1”…</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>修复</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>注意</translation>
    </message>
    <message>
        <source>“%1” works.</source>
        <translation>“%1”工作正常。</translation>
    </message>
    <message>
        <source>“%1” does not work.</source>
        <translation>“%1”无法正常工作。</translation>
    </message>
    <message>
        <source>“%1” does not work: the step “%2” failed.</source>
        <translation>“%1”无法正常工作：步骤“%2”失败。</translation>
    </message>
    <message>
        <source>Short-term API &amp;key…</source>
        <translation>短期 API 密钥(&amp;K)…</translation>
    </message>
    <message>
        <source>Makes a short-term Bedrock API key from the selected account&apos;s SigV4 credentials, to copy or to use for this session.</source>
        <translation>从所选账户的 SigV4 凭证生成短期 Bedrock API 密钥，可复制或用于此会话。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::AppOptions</name>
    <message>
        <source>mantle-playground: %1
Run “mantle-playground --help” for the options.</source>
        <translation>mantle-playground：%1
运行“mantle-playground --help”查看选项。</translation>
    </message>
    <message>
        <source>A desktop playground for Amazon Bedrock Mantle.</source>
        <translation>适用于 Amazon Bedrock Mantle 的桌面试验场。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>显示此帮助。</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>显示版本。</translation>
    </message>
    <message>
        <source>Start with the demo account, served by the built-in local emulator.</source>
        <translation>使用演示账户启动，由内置的本地模拟器提供服务。</translation>
    </message>
    <message>
        <source>Open the saved session FILE.</source>
        <translation>打开已保存的会话 FILE。</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
    <message>
        <source>Quit (exit code 0) as soon as the main window has been painted once; for start-up benchmarks and smoke checks.</source>
        <translation>主窗口首次绘制完成后立即退出（退出代码 0）；用于启动性能测试和冒烟检查。</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>意外的参数“%1”。</translation>
    </message>
    <message>
        <source>--session was given more than once; give one session file.</source>
        <translation>--session 被指定了多次；请只提供一个会话文件。</translation>
    </message>
    <message>
        <source>--session needs the path of a session file.</source>
        <translation>--session 需要会话文件的路径。</translation>
    </message>
    <message>
        <source>Use this language for this run instead of the one chosen in Preferences: %1, or “system”.</source>
        <translation>本次运行使用此语言，而不是在首选项中选择的语言：%1，或“system”。</translation>
    </message>
    <message>
        <source>CODE</source>
        <translation>CODE</translation>
    </message>
    <message>
        <source>Check that the app works here (window, translations, the request pipeline against the built-in emulator), print what was checked and exit: 0 when all works, 1 when not.</source>
        <translation>检查应用能否在此环境中正常工作（窗口、翻译、针对内置模拟器的请求流程），输出检查内容后退出：全部正常时返回 0，否则返回 1。</translation>
    </message>
    <message>
        <source>there is no language “%1”; choose one of %2, or “system”.</source>
        <translation>没有语言“%1”；请从 %2 或“system”中选择。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ChainView</name>
    <message>
        <source>Answer</source>
        <translation>响应</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>token</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>已存储</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Each answer follows the one it continues; a branch (a fork, or an answer continued twice) is indented under the answer it starts from.</source>
        <translation>每个响应都排在它所接续的响应之后；分支（派生，或同一响应被接续两次）会缩进显示在其起始响应之下。</translation>
    </message>
    <message>
        <source>Stored responses are kept for 30 days in the region of the request.</source>
        <translation>已存储的响应会在请求所在区域保留 30 天。</translation>
    </message>
    <message>
        <source>Continue from here</source>
        <translation>从此处继续</translation>
    </message>
    <message>
        <source>Fork here</source>
        <translation>从此处派生</translation>
    </message>
    <message>
        <source>Retrieve</source>
        <translation>检索</translation>
    </message>
    <message>
        <source>Delete stored response</source>
        <translation>删除已存储的响应</translation>
    </message>
    <message>
        <source>Poll status</source>
        <translation>轮询状态</translation>
    </message>
    <message>
        <source>Cancel background response</source>
        <translation>取消后台响应</translation>
    </message>
    <message>
        <source>resp_…</source>
        <translation>resp_…</translation>
    </message>
    <message>
        <source>Response ID:</source>
        <translation>响应 ID：</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>A retrieved response is shown here.</source>
        <translation>检索到的响应将显示在此处。</translation>
    </message>
    <message>
        <source>No answers yet: the answers of saved sessions appear here.</source>
        <translation>还没有响应：已保存会话的响应将显示在此处。</translation>
    </message>
    <message>
        <source>Answer %1</source>
        <translation>响应 %1</translation>
    </message>
    <message>
        <source>%1 in · %2 out</source>
        <translation>输入 %1 · 输出 %2</translation>
    </message>
    <message>
        <source>$%1</source>
        <translation>$%1</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>stored</source>
        <translation>已存储</translation>
    </message>
    <message>
        <source>local only</source>
        <translation>仅本地</translation>
    </message>
    <message>
        <source>Kept by Mantle in %1 under its response id.</source>
        <translation>由 Mantle 在 %1 中以其响应 ID 保存。</translation>
    </message>
    <message>
        <source>Kept only in this app&apos;s history: continuing re-sends the conversation.</source>
        <translation>仅保存在本应用的历史记录中：继续时会重新发送整个对话。</translation>
    </message>
    <message numerus="yes">
        <source>%n new message(s) + previous response</source>
        <translation>
            <numerusform>%n 条新消息 + 上一个响应</numerusform>
        </translation>
    </message>
    <message>
        <source>Sent with previous_response_id %1; the earlier turns stayed on the server.</source>
        <translation>使用 previous_response_id %1 发送；较早的轮次保留在服务器上。</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) re-sent</source>
        <translation>
            <numerusform>重新发送了 %n 条消息</numerusform>
        </translation>
    </message>
    <message>
        <source>The whole conversation was sent with the request.</source>
        <translation>整个对话随请求一起发送。</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Enter a response id (resp_…).</source>
        <translation>请输入响应 ID（resp_…）。</translation>
    </message>
    <message>
        <source>Delete the stored response %1 from Mantle? Answers that continue from it can no longer be continued by its id.</source>
        <translation>要从 Mantle 删除已存储的响应 %1 吗？从它继续的响应将无法再通过其 ID 继续。</translation>
    </message>
    <message>
        <source>Not connected to any account.</source>
        <translation>未连接到任何账户。</translation>
    </message>
    <message>
        <source>Deleting %1…</source>
        <translation>正在删除 %1…</translation>
    </message>
    <message>
        <source>Retrieving %1…</source>
        <translation>正在检索 %1…</translation>
    </message>
    <message>
        <source>Deleted %1.</source>
        <translation>已删除 %1。</translation>
    </message>
    <message>
        <source>%1 is not stored: it was deleted, has expired (after 30 days) or was made in another region or account.</source>
        <translation>%1 未存储：它已被删除、已过期（30 天后），或是在其他区域或账户中创建的。</translation>
    </message>
    <message>
        <source>Response %1: %2</source>
        <translation>响应 %1：%2</translation>
    </message>
    <message>
        <source>Following the background response %1…</source>
        <translation>正在跟踪后台响应 %1…</translation>
    </message>
    <message>
        <source>Background response %1: %2</source>
        <translation>后台响应 %1：%2</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CodeExportDialog</name>
    <message>
        <source>Export as Code</source>
        <translation>导出为代码</translation>
    </message>
    <message>
        <source>%1 request to %2, sent to %3</source>
        <translation>发往 %2 的 %1 请求，发送到 %3</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the code to the clipboard</source>
        <translation>将代码复制到剪贴板</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>保存(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the code to a file</source>
        <translation>将代码保存到文件</translation>
    </message>
    <message>
        <source>No language can express a request of this kind (%1).</source>
        <translation>没有语言能表达这类请求（%1）。</translation>
    </message>
    <message>
        <source>This request cannot be written as %1: %2</source>
        <translation>此请求无法写成 %1：%2</translation>
    </message>
    <message>
        <source>Reads the Bedrock API key from the environment variable %1 when it runs.</source>
        <translation>运行时从环境变量 %1 读取 Bedrock API 密钥。</translation>
    </message>
    <message>
        <source>Signs with SigV4 using botocore&apos;s credentials: %1, %2 and %3, or the profile named by %4.</source>
        <translation>使用 botocore 的凭证进行 SigV4 签名：%1、%2 和 %3，或由 %4 指定的配置文件。</translation>
    </message>
    <message>
        <source>Signs with SigV4 (curl 7.75 or newer) using %1 and %2, and %3 for temporary credentials.</source>
        <translation>使用 %1 和 %2（临时凭证还需 %3）进行 SigV4 签名（需要 curl 7.75 或更高版本）。</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>已复制。</translation>
    </message>
    <message>
        <source>There is no code to save.</source>
        <translation>没有可保存的代码。</translation>
    </message>
    <message>
        <source>Cannot write the file “%1”: %2.</source>
        <translation>无法写入文件“%1”：%2。</translation>
    </message>
    <message>
        <source>Saved “%1”, but could not make it executable.</source>
        <translation>已保存“%1”，但无法将其设为可执行。</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>已保存到 %1。</translation>
    </message>
    <message>
        <source>Save Code</source>
        <translation>保存代码</translation>
    </message>
    <message>
        <source>Python programs (*.py)</source>
        <translation>Python 程序 (*.py)</translation>
    </message>
    <message>
        <source>JavaScript and TypeScript modules (*.mjs *.js *.ts)</source>
        <translation>JavaScript 和 TypeScript 模块 (*.mjs *.js *.ts)</translation>
    </message>
    <message>
        <source>Shell scripts (*.sh)</source>
        <translation>Shell 脚本 (*.sh)</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CompareColumn</name>
    <message>
        <source>Reasoning</source>
        <translation>推理</translation>
    </message>
    <message>
        <source>Answer of %1</source>
        <translation>%1 的响应</translation>
    </message>
    <message>
        <source>Continue with This</source>
        <translation>以此继续</translation>
    </message>
    <message>
        <source>Open a new session with this target, the prompt and this answer</source>
        <translation>用此目标、该提示词和此响应打开新会话</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>streaming</source>
        <translation>流式传输中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Tool call: %1(%2)</source>
        <translation>工具调用：%1(%2)</translation>
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
        <translation>目标</translation>
    </message>
    <message>
        <source>TTFT</source>
        <translation>TTFT</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>每秒 token 数</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总时间</translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation>输入 token 数</translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation>输出 token 数</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CompareTargetRow</name>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Remove this target</source>
        <translation>删除此目标</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CompareWindow</name>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>&amp;Side by Side</source>
        <translation>并排(&amp;S)</translation>
    </message>
    <message>
        <source>Across &amp;APIs</source>
        <translation>跨 API(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Regions</source>
        <translation>区域(&amp;R)</translation>
    </message>
    <message>
        <source>The first target is now %1.</source>
        <translation>第一个目标现在是 %1。</translation>
    </message>
    <message>
        <source>The session was saved but could not be opened now: stop the answer that is streaming first.</source>
        <translation>会话已保存，但现在无法打开：请先停止正在流式传输的响应。</translation>
    </message>
    <message>
        <source>&amp;Prompt:</source>
        <translation>提示词(&amp;P)：</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Targets (account, region, model, API):</source>
        <translation>目标（账户、区域、模型、API）：</translation>
    </message>
    <message>
        <source>A&amp;dd Target</source>
        <translation>添加目标(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Send the prompt to every target at once (Ctrl+Enter)</source>
        <translation>将提示词同时发送到每个目标 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>S&amp;ync scrolling</source>
        <translation>同步滚动(&amp;Y)</translation>
    </message>
    <message>
        <source>Comparison table</source>
        <translation>比较表格</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>导出 CSV(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Copy as CSV</source>
        <translation>复制为 CSV(&amp;C)</translation>
    </message>
    <message>
        <source>Co&amp;ntinue with This</source>
        <translation>以此继续(&amp;N)</translation>
    </message>
    <message>
        <source>Open a new session with the selected row&apos;s target, the prompt and its answer</source>
        <translation>用所选行的目标、该提示词及其响应打开新会话</translation>
    </message>
    <message>
        <source>Type a prompt first.</source>
        <translation>请先输入提示词。</translation>
    </message>
    <message>
        <source>Choose a model for every target.</source>
        <translation>请为每个目标选择模型。</translation>
    </message>
    <message>
        <source>Every target answered.</source>
        <translation>所有目标均已响应。</translation>
    </message>
    <message numerus="yes">
        <source>Done; %n target(s) failed.</source>
        <translation>
            <numerusform>已完成；%n 个目标失败。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sending to %n target(s)…</source>
        <translation>
            <numerusform>正在发送到 %n 个目标…</numerusform>
        </translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2</source>
        <translation>无法写入“%1”：%2</translation>
    </message>
    <message>
        <source>Export Comparison</source>
        <translation>导出比较结果</translation>
    </message>
    <message>
        <source>comparison.csv</source>
        <translation>比较结果.csv</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>已导出到 %1。</translation>
    </message>
    <message>
        <source>Copied the table as CSV.</source>
        <translation>已将表格复制为 CSV。</translation>
    </message>
    <message>
        <source>That target has not answered yet.</source>
        <translation>该目标尚未响应。</translation>
    </message>
    <message>
        <source>Select a row of the table first.</source>
        <translation>请先选择表格中的一行。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ConversationView</name>
    <message>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>The prompts and answers of this session. Up and Down select an item; the context menu copies, edits, deletes or re-runs it; Ctrl+C copies the selected item&apos;s text.</source>
        <translation>此会话的提示词和响应。用上下方向键选择项目；上下文菜单可复制、编辑、删除或重新运行它；Ctrl+C 复制所选项目的文本。</translation>
    </message>
    <message>
        <source>Copy Text</source>
        <translation>复制文本</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Re-run from Here</source>
        <translation>从此处重新运行</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CostChart</name>
    <message>
        <source>Cost chart</source>
        <translation>费用图表</translation>
    </message>
    <message numerus="yes">
        <source>%n bars, %1 USD in all</source>
        <translation>
            <numerusform>%n 个柱形，共 %1 USD</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 to %2: %3 USD, %4 tokens</source>
        <translation>%1 至 %2：%3 USD，%4 个 token</translation>
    </message>
    <message numerus="yes">
        <source>%n answer(s) without a price</source>
        <translation>
            <numerusform>%n 个响应没有价格</numerusform>
        </translation>
    </message>
    <message>
        <source>Cost (%1)</source>
        <translation>费用（%1）</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>token</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CostTableModel</name>
    <message>
        <source>No price</source>
        <translation>无价格</translation>
    </message>
    <message>
        <source>Catalogue</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>Catalogue (%1)</source>
        <translation>目录（%1）</translation>
    </message>
    <message>
        <source>Private</source>
        <translation>私有</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <source>unpriced</source>
        <translation>未定价</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Part of the output tokens, and billed with them.</source>
        <translation>属于输出 token 的一部分，并随输出 token 一起计费。</translation>
    </message>
    <message>
        <source>The model had no known price when this answer came.</source>
        <translation>收到此响应时，该模型没有已知价格。</translation>
    </message>
    <message>
        <source>%1 (this answer kept its total only)</source>
        <translation>%1（此响应仅保留了合计）</translation>
    </message>
    <message>
        <source>No price was known for this model.</source>
        <translation>此模型没有已知价格。</translation>
    </message>
    <message>
        <source>Priced by an earlier version, which did not keep the prices it used.</source>
        <translation>由较早版本计价，该版本未保留所用的价格。</translation>
    </message>
    <message>
        <source>Your own prices for this model.</source>
        <translation>您为此模型设置的价格。</translation>
    </message>
    <message>
        <source>The catalogue&apos;s list prices.</source>
        <translation>目录中的标价。</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation>来源：%1</translation>
    </message>
    <message>
        <source>As of: %1</source>
        <translation>截至：%1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Cached</source>
        <translation>缓存读取</translation>
    </message>
    <message>
        <source>Cache write</source>
        <translation>缓存写入</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>推理</translation>
    </message>
    <message>
        <source>Input cost</source>
        <translation>输入费用</translation>
    </message>
    <message>
        <source>Cached cost</source>
        <translation>缓存读取费用</translation>
    </message>
    <message>
        <source>Cache write cost</source>
        <translation>缓存写入费用</translation>
    </message>
    <message>
        <source>Output cost</source>
        <translation>输出费用</translation>
    </message>
    <message>
        <source>Total (USD)</source>
        <translation>合计（USD）</translation>
    </message>
    <message>
        <source>Prices</source>
        <translation>价格</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CostView</name>
    <message>
        <source>Costs</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>This session:</source>
        <translation>此会话：</translation>
    </message>
    <message>
        <source>This account:</source>
        <translation>此账户：</translation>
    </message>
    <message>
        <source>Today:</source>
        <translation>今天：</translation>
    </message>
    <message>
        <source>All sessions:</source>
        <translation>所有会话：</translation>
    </message>
    <message>
        <source>Per answer</source>
        <translation>按响应</translation>
    </message>
    <message>
        <source>Cost and tokens of each answer of this session</source>
        <translation>此会话中每个响应的费用和 token</translation>
    </message>
    <message>
        <source>Last %1 days</source>
        <translation>最近 %1 天</translation>
    </message>
    <message>
        <source>Cost and tokens per day over every session</source>
        <translation>所有会话每天的费用和 token</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Export the cost ledger as CSV</source>
        <translation>将费用账本导出为 CSV</translation>
    </message>
    <message>
        <source>Every answer of every session, with its tokens, cost and price source</source>
        <translation>所有会话的每个响应，包括 token、费用和价格来源</translation>
    </message>
    <message>
        <source>Cost of each answer</source>
        <translation>每个响应的费用</translation>
    </message>
    <message>
        <source>Cannot write the file &quot;%1&quot;: %2.</source>
        <translation>无法写入文件 &quot;%1&quot;：%2。</translation>
    </message>
    <message>
        <source>The costs could not be exported: %1</source>
        <translation>无法导出费用：%1</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>已导出到 %1。</translation>
    </message>
    <message>
        <source>Export Costs</source>
        <translation>导出费用</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>%1 USD · %n answer(s)</source>
        <translation>
            <numerusform>%1 USD · %n 个响应</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 tokens in, %2 out</source>
        <translation>输入 %1 个 token，输出 %2 个</translation>
    </message>
    <message numerus="yes">
        <source>%n without a price</source>
        <translation>
            <numerusform>%n 个没有价格</numerusform>
        </translation>
    </message>
    <message>
        <source>(reading the other sessions…)</source>
        <translation>（正在读取其他会话…）</translation>
    </message>
    <message>
        <source>Account %1:</source>
        <translation>账户 %1：</translation>
    </message>
    <message>
        <source>%1 USD</source>
        <translation>%1 USD</translation>
    </message>
    <message>
        <source>no price</source>
        <translation>无价格</translation>
    </message>
    <message>
        <source>Answer %1 (%2), %3
%4, %5 tokens</source>
        <translation>响应 %1（%2），%3
%4，%5 个 token</translation>
    </message>
    <message>
        <source>No answer of this session has reported its usage yet.</source>
        <translation>此会话中还没有响应报告用量。</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2 USD, %n answer(s), %3 tokens</source>
        <translation>
            <numerusform>%1：%2 USD，%n 个响应，%3 个 token</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mantle::ui::CrossApiView</name>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Run All APIs</source>
        <translation>运行所有 API(&amp;R)</translation>
    </message>
    <message>
        <source>Send the request through every API the model serves</source>
        <translation>通过该模型支持的每个 API 发送请求</translation>
    </message>
    <message>
        <source>Choose a model.</source>
        <translation>请选择模型。</translation>
    </message>
    <message>
        <source>Loading the models…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>The model list does not say which APIs this model serves.</source>
        <translation>模型列表未说明此模型支持哪些 API。</translation>
    </message>
    <message numerus="yes">
        <source>%n API(s) serve this model. The payloads below are what each would send.</source>
        <translation>
            <numerusform>%n 个 API 支持此模型。下面是每个 API 将发送的负载。</numerusform>
        </translation>
    </message>
    <message>
        <source>Payload for %1</source>
        <translation>%1 的负载</translation>
    </message>
    <message>
        <source>Raw usage</source>
        <translation>原始用量</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>响应</translation>
    </message>
    <message>
        <source>Not sent yet.</source>
        <translation>尚未发送。</translation>
    </message>
    <message>
        <source>This request cannot be sent: %1</source>
        <translation>无法发送此请求：%1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>No API to send to: choose a model the list knows.</source>
        <translation>没有可发送的 API：请选择列表中已知的模型。</translation>
    </message>
    <message>
        <source>Every API answered or failed; usage is shown as each reported it.</source>
        <translation>所有 API 均已响应或失败；用量按各 API 报告的原样显示。</translation>
    </message>
    <message>
        <source>Waiting…</source>
        <translation>正在等待…</translation>
    </message>
    <message numerus="yes">
        <source>Sending through %n API(s)…</source>
        <translation>
            <numerusform>正在通过 %n 个 API 发送…</numerusform>
        </translation>
    </message>
    <message>
        <source>not reported</source>
        <translation>未报告</translation>
    </message>
    <message>
        <source>Input %1 · output %2 · cached %3 · reasoning %4</source>
        <translation>输入 %1 · 输出 %2 · 缓存读取 %3 · 推理 %4</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>No usage reported.</source>
        <translation>未报告用量。</translation>
    </message>
    <message>
        <source>Streaming…</source>
        <translation>正在流式传输…</translation>
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
        <translation>窗口中没有此 API 的页面。</translation>
    </message>
    <message>
        <source>The model list does not offer %1.</source>
        <translation>模型列表中没有 %1。</translation>
    </message>
    <message>
        <source>No answer within %1 ms.</source>
        <translation>%1 ms 内没有响应。</translation>
    </message>
    <message>
        <source>The answer was empty.</source>
        <translation>响应为空。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::IamPolicyDialog</name>
    <message>
        <source>Allow subscribing to third-party (Marketplace) models</source>
        <translation>允许订阅第三方（Marketplace）模型</translation>
    </message>
    <message>
        <source>Identity policy</source>
        <translation>身份策略</translation>
    </message>
    <message>
        <source>IAM Policy for “%1”</source>
        <translation>“%1”的 IAM 策略</translation>
    </message>
    <message>
        <source>Attach it to the IAM user that owns the API key.</source>
        <translation>将其附加到拥有该 API 密钥的 IAM 用户。</translation>
    </message>
    <message>
        <source>Attach it to the role %1.</source>
        <translation>将其附加到角色 %1。</translation>
    </message>
    <message>
        <source>Attach it to the IAM user or role of the access key.</source>
        <translation>将其附加到访问密钥所属的 IAM 用户或角色。</translation>
    </message>
    <message>
        <source>The least-privilege policy for this account in %1: only what Mantle Playground needs. %2</source>
        <translation>此账户在 %1 中的最小权限策略：仅包含 Mantle Playground 所需的权限。%2</translation>
    </message>
    <message>
        <source>AWS account id</source>
        <translation>AWS 账户 ID</translation>
    </message>
    <message>
        <source>12 digits; empty: any account (*)</source>
        <translation>12 位数字；留空：任意账户 (*)</translation>
    </message>
    <message>
        <source>AWS &amp;account id:</source>
        <translation>AWS 账户 ID(&amp;A)：</translation>
    </message>
    <message>
        <source>An AWS account id has 12 digits.</source>
        <translation>AWS 账户 ID 为 12 位数字。</translation>
    </message>
    <message>
        <source>Identity policy:</source>
        <translation>身份策略：</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the identity policy&apos;s JSON (it holds no secret).</source>
        <translation>复制身份策略的 JSON（不含任何密钥）。</translation>
    </message>
    <message>
        <source>Trust policy</source>
        <translation>信任策略</translation>
    </message>
    <message>
        <source>Trust policy of the role (who may assume it):</source>
        <translation>角色的信任策略（谁可以代入该角色）：</translation>
    </message>
    <message>
        <source>Copy &amp;Trust Policy</source>
        <translation>复制信任策略(&amp;T)</translation>
    </message>
    <message>
        <source>Use the policy above to grant only what the playground needs, for this region; attach the managed policy when you would rather have AWS keep the permissions up to date as Mantle changes, or when several regions and tools share the principal.</source>
        <translation>使用上面的策略可仅授予试验场在此区域所需的权限；如果希望在 Mantle 变化时由 AWS 保持权限最新，或者多个区域和工具共用该主体，请附加托管策略。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::InspectorView</name>
    <message>
        <source>Header</source>
        <translation>标头</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
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
        <translation>选择一个响应以查看其请求。</translation>
    </message>
    <message>
        <source>Request inspector</source>
        <translation>请求检查器</translation>
    </message>
    <message>
        <source>Request summary</source>
        <translation>请求摘要</translation>
    </message>
    <message>
        <source>Request, response and timing</source>
        <translation>请求、响应和计时</translation>
    </message>
    <message>
        <source>&amp;Request</source>
        <translation>请求(&amp;R)</translation>
    </message>
    <message>
        <source>Res&amp;ponse</source>
        <translation>响应(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Timing</source>
        <translation>计时(&amp;T)</translation>
    </message>
    <message>
        <source>Method and URL</source>
        <translation>方法和 URL</translation>
    </message>
    <message>
        <source>Copy as c&amp;url</source>
        <translation>复制为 curl(&amp;U)</translation>
    </message>
    <message>
        <source>Copy this request as a curl command that reads the credentials from the environment</source>
        <translation>将此请求复制为从环境变量读取凭证的 curl 命令</translation>
    </message>
    <message>
        <source>E&amp;xport as code…</source>
        <translation>导出为代码(&amp;X)…</translation>
    </message>
    <message>
        <source>Show this request as a Python, TypeScript or curl program</source>
        <translation>将此请求显示为 Python、TypeScript 或 curl 程序</translation>
    </message>
    <message>
        <source>Request headers</source>
        <translation>请求标头</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>正文</translation>
    </message>
    <message>
        <source>Ra&amp;w</source>
        <translation>原始(&amp;W)</translation>
    </message>
    <message>
        <source>Show the exact request bytes</source>
        <translation>显示确切的请求字节</translation>
    </message>
    <message>
        <source>Show the body byte for byte as it was sent, not indented.</source>
        <translation>按发送时的原样逐字节显示正文，不缩进。</translation>
    </message>
    <message>
        <source>Request body</source>
        <translation>请求正文</translation>
    </message>
    <message>
        <source>No body</source>
        <translation>无正文</translation>
    </message>
    <message>
        <source>Response status</source>
        <translation>响应状态</translation>
    </message>
    <message>
        <source>Response headers</source>
        <translation>响应标头</translation>
    </message>
    <message>
        <source>Server-sent events</source>
        <translation>服务器发送事件</translation>
    </message>
    <message>
        <source>Data of the selected event</source>
        <translation>所选事件的数据</translation>
    </message>
    <message>
        <source>Select an event to see its data.</source>
        <translation>选择一个事件以查看其数据。</translation>
    </message>
    <message>
        <source>R&amp;aw</source>
        <translation>原始(&amp;A)</translation>
    </message>
    <message>
        <source>Show the exact response bytes</source>
        <translation>显示确切的响应字节</translation>
    </message>
    <message>
        <source>Show the body byte for byte as it arrived, not indented.</source>
        <translation>按接收时的原样逐字节显示正文，不缩进。</translation>
    </message>
    <message>
        <source>Response body</source>
        <translation>响应正文</translation>
    </message>
    <message>
        <source>Attempts:</source>
        <translation>尝试次数：</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Route prefix:</source>
        <translation>路由前缀：</translation>
    </message>
    <message>
        <source>Route prefix</source>
        <translation>路由前缀</translation>
    </message>
    <message>
        <source>Time to first byte:</source>
        <translation>首字节时间：</translation>
    </message>
    <message>
        <source>Time to first byte</source>
        <translation>首字节时间</translation>
    </message>
    <message>
        <source>Time to first token:</source>
        <translation>首 token 时间：</translation>
    </message>
    <message>
        <source>Time to first token</source>
        <translation>首 token 时间</translation>
    </message>
    <message>
        <source>Total:</source>
        <translation>总计：</translation>
    </message>
    <message>
        <source>Total time</source>
        <translation>总时间</translation>
    </message>
    <message>
        <source>Tokens per second:</source>
        <translation>每秒 token 数：</translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation>每秒 token 数</translation>
    </message>
    <message>
        <source>Error:</source>
        <translation>错误：</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Truncated:</source>
        <translation>已截断：</translation>
    </message>
    <message>
        <source>Truncated</source>
        <translation>已截断</translation>
    </message>
    <message>
        <source>Waiting for the answer…</source>
        <translation>正在等待响应…</translation>
    </message>
    <message>
        <source>No answer arrived.</source>
        <translation>未收到响应。</translation>
    </message>
    <message>
        <source>Status %1</source>
        <translation>状态 %1</translation>
    </message>
    <message>
        <source>%1 · request id %2</source>
        <translation>%1 · 请求 ID %2</translation>
    </message>
    <message>
        <source>%1 (retries: %2)</source>
        <translation>%1（重试次数：%2）</translation>
    </message>
    <message>
        <source>%1 (switched after a wrong-prefix answer)</source>
        <translation>%1（收到前缀错误的响应后已切换）</translation>
    </message>
    <message>
        <source>running…</source>
        <translation>正在运行…</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Yes: only the first %1 events and %2 MB of body were kept.</source>
        <translation>是：仅保留了前 %1 个事件和 %2 MB 正文。</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>streaming, %1 events so far</source>
        <translation>正在流式传输，目前已有 %1 个事件</translation>
    </message>
    <message>
        <source>%1 ms in total</source>
        <translation>共 %1 ms</translation>
    </message>
    <message>
        <source>first token after %1 ms</source>
        <translation>%1 ms 后收到首个 token</translation>
    </message>
    <message>
        <source>retries: %1</source>
        <translation>重试次数：%1</translation>
    </message>
    <message>
        <source>route switched to %1</source>
        <translation>路由已切换到 %1</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>truncated</source>
        <translation>已截断</translation>
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
        <translation>就绪</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Ask the region again for its models</source>
        <translation>重新向该区域获取模型列表</translation>
    </message>
    <message>
        <source>Refresh models</source>
        <translation>刷新模型</translation>
    </message>
    <message>
        <source>Demo: offline, answered by the built-in emulator</source>
        <translation>演示：离线，由内置模拟器响应</translation>
    </message>
    <message>
        <source>The “%1” account answers from the Mantle emulator built into the app: no AWS account, no network, no cost. Add your own account with File &gt; Accounts….</source>
        <translation>“%1”账户由应用内置的 Mantle 模拟器响应：无需 AWS 账户，无需网络，不产生费用。可通过“文件 &gt; 账户…”添加您自己的账户。</translation>
    </message>
    <message>
        <source>&amp;Account:</source>
        <translation>账户(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>区域(&amp;R)：</translation>
    </message>
    <message>
        <source>M&amp;odel:</source>
        <translation>模型(&amp;O)：</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>Request Inspector</source>
        <translation>请求检查器</translation>
    </message>
    <message>
        <source>Select an answer to see the request that was sent.</source>
        <translation>选择一个响应以查看发送的请求。</translation>
    </message>
    <message>
        <source>Select an answer to export its request.</source>
        <translation>选择一个响应以导出其请求。</translation>
    </message>
    <message>
        <source>Demo mode: the “%1” account answers from the emulator built into the app.</source>
        <translation>演示模式：“%1”账户由应用内置的模拟器响应。</translation>
    </message>
    <message>
        <source>No account: File &gt; Accounts…</source>
        <translation>没有账户：文件 &gt; 账户…</translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation>正在向 %1 获取模型列表…</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) for this surface.</source>
        <translation>
            <numerusform>此接口有 %n 个模型。</numerusform>
        </translation>
    </message>
    <message>
        <source>The live model list could not be fetched, so the catalogue&apos;s models show: %1</source>
        <translation>无法获取实时模型列表，因此显示目录中的模型：%1</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1
Surfaces: %2</source>
        <translation>%1
接口：%2</translation>
    </message>
    <message>
        <source>No model of this account serves %1</source>
        <translation>此账户没有提供 %1 的模型</translation>
    </message>
    <message>
        <source>This session uses an API the playground does not show.</source>
        <translation>此会话使用的 API 在试验场中不显示。</translation>
    </message>
    <message>
        <source>Stop the answer that is streaming before opening another session.</source>
        <translation>请先停止正在流式传输的响应，再打开其他会话。</translation>
    </message>
    <message>
        <source>Cannot open the session “%1”: %2</source>
        <translation>无法打开会话“%1”：%2</translation>
    </message>
    <message>
        <source>Cannot open the session “%1” now.</source>
        <translation>现在无法打开会话“%1”。</translation>
    </message>
    <message>
        <source>Opened the session “%1”; changes are saved in the app&apos;s sessions.</source>
        <translation>已打开会话“%1”；更改将保存在应用的会话中。</translation>
    </message>
    <message>
        <source>Stop the answer that is streaming before starting a new session.</source>
        <translation>请先停止正在流式传输的响应，再开始新会话。</translation>
    </message>
    <message>
        <source>New session.</source>
        <translation>新会话。</translation>
    </message>
    <message>
        <source>Import Session</source>
        <translation>导入会话</translation>
    </message>
    <message>
        <source>Sessions (*.json *.md *.markdown);;Session files (*.json);;Markdown (*.md *.markdown)</source>
        <translation>会话 (*.json *.md *.markdown);;会话文件 (*.json);;Markdown (*.md *.markdown)</translation>
    </message>
    <message>
        <source>The session could not be imported: %1</source>
        <translation>无法导入会话：%1</translation>
    </message>
    <message>
        <source>Export Session</source>
        <translation>导出会话</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Session files (*.json)</source>
        <translation>会话文件 (*.json)</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>已导出到 %1。</translation>
    </message>
    <message>
        <source>The session could not be exported: %1</source>
        <translation>无法导出会话：%1</translation>
    </message>
    <message>
        <source>Stop the answer that is streaming before deleting its session.</source>
        <translation>请先停止正在流式传输的响应，再删除其会话。</translation>
    </message>
    <message>
        <source>That answer is no longer in its session.</source>
        <translation>该响应已不在其会话中。</translation>
    </message>
    <message>
        <source>Continuing “%1”.</source>
        <translation>正在继续“%1”。</translation>
    </message>
    <message>
        <source>Forked “%1” after that answer: the new session goes on from there.</source>
        <translation>已在该响应之后派生“%1”：新会话将从那里继续。</translation>
    </message>
    <message>
        <source>The request cannot be exported: %1</source>
        <translation>无法导出请求：%1</translation>
    </message>
    <message>
        <source>Select an answer to copy its request.</source>
        <translation>选择一个响应以复制其请求。</translation>
    </message>
    <message>
        <source>Copied the request as curl (signed with SigV4 from $AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY)</source>
        <translation>已将请求复制为 curl 命令（使用 $AWS_ACCESS_KEY_ID 和 $AWS_SECRET_ACCESS_KEY 进行 SigV4 签名）</translation>
    </message>
    <message>
        <source>Copied the request as curl (the key is read from $AWS_BEARER_TOKEN_BEDROCK)</source>
        <translation>已将请求复制为 curl 命令（从 $AWS_BEARER_TOKEN_BEDROCK 读取密钥）</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New Session</source>
        <translation>新建会话(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Import Session…</source>
        <translation>导入会话(&amp;I)…</translation>
    </message>
    <message>
        <source>Export Session as &amp;JSON…</source>
        <translation>将会话导出为 JSON(&amp;J)…</translation>
    </message>
    <message>
        <source>Export Session as Mar&amp;kdown…</source>
        <translation>将会话导出为 Markdown(&amp;K)…</translation>
    </message>
    <message>
        <source>&amp;Accounts…</source>
        <translation>账户(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Models…</source>
        <translation>模型(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Find Sessions</source>
        <translation>查找会话(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Playground</source>
        <translation>试验场(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Export as Code…</source>
        <translation>导出为代码(&amp;E)…</translation>
    </message>
    <message>
        <source>Demo &amp;Failures</source>
        <translation>演示故障(&amp;F)</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Access Denied</source>
        <translation>访问被拒绝</translation>
    </message>
    <message>
        <source>Wrong Route Prefix</source>
        <translation>路由前缀错误</translation>
    </message>
    <message>
        <source>Too Many Requests (429)</source>
        <translation>请求过多 (429)</translation>
    </message>
    <message>
        <source>Server Error (500)</source>
        <translation>服务器错误 (500)</translation>
    </message>
    <message>
        <source>Connection Cut Mid-Answer</source>
        <translation>响应中途连接断开</translation>
    </message>
    <message>
        <source>Malformed Event</source>
        <translation>事件格式错误</translation>
    </message>
    <message>
        <source>Slow Server (3 s)</source>
        <translation>服务器缓慢 (3 s)</translation>
    </message>
    <message>
        <source>The demo account behaves again.</source>
        <translation>演示账户已恢复正常。</translation>
    </message>
    <message>
        <source>The demo account now fails every request: %1.</source>
        <translation>演示账户现在会让每个请求都失败：%1。</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Sessions</source>
        <translation>会话(&amp;S)</translation>
    </message>
    <message>
        <source>Request &amp;Inspector</source>
        <translation>请求检查器(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About Mantle Playground</source>
        <translation>关于 Mantle Playground(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>Restart Mantle Playground?</source>
        <translation>要重新启动 Mantle Playground 吗？</translation>
    </message>
    <message>
        <source>The new language is used from the next start. Restart now? Your sessions are saved first.</source>
        <translation>新语言将在下次启动时生效。要立即重新启动吗？会先保存您的会话。</translation>
    </message>
    <message>
        <source>&amp;Restart Now</source>
        <translation>立即重新启动(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>稍后(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Compare…</source>
        <translation>比较(&amp;C)…</translation>
    </message>
    <message>
        <source>Short-term API key until %1</source>
        <translation>短期 API 密钥，有效至 %1</translation>
    </message>
    <message>
        <source>The requests of “%1” in %2 go with a short-term Bedrock API key (Bearer) instead of a SigV4 signature until %3, then with SigV4 again. File &gt; Accounts… &gt; Short-term API key… stops it.</source>
        <translation>“%1”在 %2 的请求将使用短期 Bedrock API 密钥（Bearer）而不是 SigV4 签名，直到 %3，之后再次使用 SigV4。通过 文件 &gt; 账户… &gt; 短期 API 密钥… 可以停止使用。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ModelEditor</name>
    <message>
        <source>Add model</source>
        <translation>添加模型</translation>
    </message>
    <message>
        <source>Edit model %1</source>
        <translation>编辑模型 %1</translation>
    </message>
    <message>
        <source>Model id</source>
        <translation>模型 ID</translation>
    </message>
    <message>
        <source>e.g. moonshotai.kimi-k2-thinking</source>
        <translation>例如 moonshotai.kimi-k2-thinking</translation>
    </message>
    <message>
        <source>Model &amp;id:</source>
        <translation>模型 ID(&amp;I)：</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>OpenAI-style prefix</source>
        <translation>OpenAI 风格前缀</translation>
    </message>
    <message>
        <source>As the catalogue says</source>
        <translation>按目录设置</translation>
    </message>
    <message>
        <source>&amp;Prefix:</source>
        <translation>前缀(&amp;P)：</translation>
    </message>
    <message>
        <source>Set the surfaces</source>
        <translation>设置接口</translation>
    </message>
    <message>
        <source>Private prices (per million tokens)</source>
        <translation>私有价格（每百万 token）</translation>
    </message>
    <message>
        <source>Private prices</source>
        <translation>私有价格</translation>
    </message>
    <message>
        <source>Input price per million tokens</source>
        <translation>每百万 token 的输入价格</translation>
    </message>
    <message>
        <source>Output price per million tokens</source>
        <translation>每百万 token 的输出价格</translation>
    </message>
    <message>
        <source>I&amp;nput:</source>
        <translation>输入(&amp;N)：</translation>
    </message>
    <message>
        <source>O&amp;utput:</source>
        <translation>输出(&amp;U)：</translation>
    </message>
    <message>
        <source>“%1” cannot be a model id: it must not be empty or contain white space or &apos;/&apos;.</source>
        <translation>“%1”不能作为模型 ID：它不能为空，也不能包含空白或“/”。</translation>
    </message>
    <message>
        <source>Choose at least one surface.</source>
        <translation>请至少选择一个接口。</translation>
    </message>
    <message>
        <source>set by the user</source>
        <translation>由用户设置</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ModelTableModel</name>
    <message>
        <source>custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>catalogue</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>%1 (private)</source>
        <translation>%1（私有）</translation>
    </message>
    <message>
        <source>%1 shows in the playground&apos;s model picker</source>
        <translation>%1 显示在试验场的模型选择器中</translation>
    </message>
    <message>
        <source>%1 does not show in the playground&apos;s model picker</source>
        <translation>%1 不显示在试验场的模型选择器中</translation>
    </message>
    <message>
        <source>Show in the playground&apos;s model picker</source>
        <translation>在试验场的模型选择器中显示</translation>
    </message>
    <message>
        <source>Picker</source>
        <translation>选择器</translation>
    </message>
    <message>
        <source>Model id</source>
        <translation>模型 ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Surfaces</source>
        <translation>接口</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>前缀</translation>
    </message>
    <message>
        <source>Input / million</source>
        <translation>输入/百万</translation>
    </message>
    <message>
        <source>Output / million</source>
        <translation>输出/百万</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ModelsView</name>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Add model…</source>
        <translation>添加模型(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>删除(&amp;M)</translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>Select &amp;none</source>
        <translation>全不选(&amp;N)</translation>
    </message>
    <message>
        <source>Select all &amp;for</source>
        <translation>按接口全选(&amp;F)</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Refresh the live model list</source>
        <translation>刷新实时模型列表</translation>
    </message>
    <message>
        <source>A&amp;ccount:</source>
        <translation>账户(&amp;C)：</translation>
    </message>
    <message>
        <source>Re&amp;gion:</source>
        <translation>区域(&amp;G)：</translation>
    </message>
    <message>
        <source>Add a custom model</source>
        <translation>添加自定义模型</translation>
    </message>
    <message>
        <source>Edit the selected model</source>
        <translation>编辑所选模型</translation>
    </message>
    <message>
        <source>Remove the selected custom model</source>
        <translation>删除所选的自定义模型</translation>
    </message>
    <message>
        <source>Offer every model in the playground&apos;s model picker, also models that appear later.</source>
        <translation>在试验场的模型选择器中提供所有模型，包括以后出现的模型。</translation>
    </message>
    <message>
        <source>Offer no model in the playground&apos;s model picker until you check some.</source>
        <translation>在您勾选之前，试验场的模型选择器中不提供任何模型。</translation>
    </message>
    <message>
        <source>Add the listed models that serve an API to the playground&apos;s model picker.</source>
        <translation>将列表中提供某个 API 的模型添加到试验场的模型选择器中。</translation>
    </message>
    <message>
        <source>Model picker:</source>
        <translation>模型选择器：</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>No account yet: the catalogue&apos;s models show. Add an account with File &gt; Accounts… to see a region&apos;s live list.</source>
        <translation>尚无账户：显示目录中的模型。通过“文件 &gt; 账户…”添加账户，即可查看某个区域的实时列表。</translation>
    </message>
    <message>
        <source>The catalogue&apos;s models show: press Refresh for the models the region serves.</source>
        <translation>显示的是目录中的模型：按“刷新”可获取该区域提供的模型。</translation>
    </message>
    <message>
        <source>The catalogue&apos;s models show: press Refresh for the models %1 serves.</source>
        <translation>显示的是目录中的模型：按“刷新”可获取 %1 提供的模型。</translation>
    </message>
    <message>
        <source>Add an account first (File &gt; Accounts…).</source>
        <translation>请先添加账户（文件 &gt; 账户…）。</translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation>正在向 %1 获取模型列表…</translation>
    </message>
    <message>
        <source>The account could not be used: %1</source>
        <translation>无法使用该账户：%1</translation>
    </message>
    <message>
        <source>The model list of %1 could not be fetched: %2</source>
        <translation>无法获取 %1 的模型列表：%2</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) live in %1.</source>
        <translation>
            <numerusform>%1 中有 %n 个实时模型。</numerusform>
        </translation>
    </message>
    <message>
        <source>Model “%1” added.</source>
        <translation>已添加模型“%1”。</translation>
    </message>
    <message>
        <source>Model “%1” changed.</source>
        <translation>已更改模型“%1”。</translation>
    </message>
    <message>
        <source>Model “%1” removed.</source>
        <translation>已删除模型“%1”。</translation>
    </message>
    <message numerus="yes">
        <source>The model picker offers %1 of the %n model(s) listed.</source>
        <translation>
            <numerusform>模型选择器提供列出的 %n 个模型中的 %1 个。</numerusform>
        </translation>
    </message>
    <message>
        <source>The model picker offers every model.</source>
        <translation>模型选择器提供所有模型。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ParametersPanel</name>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>How random the answer is: lower is more focused and repeatable, higher more varied. From 0 to %1. Unset, the server&apos;s default applies.</source>
        <translation>响应的随机程度：越低越集中、越可重复，越高越多样。取值 0 到 %1。不设置时使用服务器的默认值。</translation>
    </message>
    <message>
        <source>&amp;Temperature:</source>
        <translation>温度(&amp;T)：</translation>
    </message>
    <message>
        <source>Set the temperature</source>
        <translation>设置温度</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Nucleus sampling: the model only picks from the most likely tokens whose probabilities add up to this value, from 0 to 1. Change this or the temperature, not both.</source>
        <translation>核采样：模型只从概率累加达到此值的最可能 token 中选择，取值 0 到 1。请只更改此项或温度之一，不要同时更改。</translation>
    </message>
    <message>
        <source>Top &amp;p:</source>
        <translation>Top p(&amp;P)：</translation>
    </message>
    <message>
        <source>Set top p</source>
        <translation>设置 Top p</translation>
    </message>
    <message>
        <source>Top p</source>
        <translation>Top p</translation>
    </message>
    <message>
        <source>The longest answer the model may write, in tokens (on reasoning models the reasoning counts too). Sent as %1.</source>
        <translation>模型可生成的最长响应，以 token 计（对于推理模型，推理内容也计算在内）。以 %1 发送。</translation>
    </message>
    <message>
        <source>&amp;Max output tokens:</source>
        <translation>最大输出 token 数(&amp;M)：</translation>
    </message>
    <message>
        <source>Set the maximum output tokens</source>
        <translation>设置最大输出 token 数</translation>
    </message>
    <message>
        <source>Maximum output tokens</source>
        <translation>最大输出 token 数</translation>
    </message>
    <message>
        <source>Stop sequences, one per line</source>
        <translation>停止序列，每行一个</translation>
    </message>
    <message>
        <source>Text at which the model stops writing (the text itself is not returned). One sequence per line; commas are part of the sequence. Write \n for a line break, \t for a tab and \\ for a backslash. Chat Completions accepts up to %1.</source>
        <translation>模型遇到该文本时停止生成（该文本本身不会返回）。每行一个序列；逗号属于序列的一部分。用 \n 表示换行，\t 表示制表符，\\ 表示反斜杠。Chat Completions 最多接受 %1 个。</translation>
    </message>
    <message>
        <source>None (one per line)</source>
        <translation>无（每行一个）</translation>
    </message>
    <message>
        <source>&amp;Stop sequences:</source>
        <translation>停止序列(&amp;S)：</translation>
    </message>
    <message>
        <source>Ask for repeatable sampling: the same seed and parameters should give the same answer (best effort, not guaranteed).</source>
        <translation>请求可重复的采样：相同的种子和参数应得到相同的响应（尽力而为，不作保证）。</translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation>种子(&amp;E)：</translation>
    </message>
    <message>
        <source>Set the seed</source>
        <translation>设置种子</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Reasoning effort</source>
        <translation>推理强度</translation>
    </message>
    <message>
        <source>How long a reasoning model thinks before it answers: more effort helps with hard questions and costs more tokens and time.</source>
        <translation>推理模型在作答前思考的时长：强度越高越有助于解决难题，但会消耗更多 token 和时间。</translation>
    </message>
    <message>
        <source>Server default</source>
        <translation>服务器默认值</translation>
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
        <translation>推理强度(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Adaptive thinking</source>
        <translation>自适应思考(&amp;A)</translation>
    </message>
    <message>
        <source>Adaptive thinking</source>
        <translation>自适应思考</translation>
    </message>
    <message>
        <source>Let Claude think before it answers; how much follows the reasoning effort.</source>
        <translation>让 Claude 在作答前先思考；思考多少取决于推理强度。</translation>
    </message>
    <message>
        <source>Strea&amp;m the answer</source>
        <translation>流式传输响应(&amp;M)</translation>
    </message>
    <message>
        <source>Stream the answer</source>
        <translation>流式传输响应</translation>
    </message>
    <message>
        <source>Show the answer while it is written (server-sent events). Off, the answer appears when it is complete.</source>
        <translation>在生成响应的同时显示（服务器发送事件）。关闭时，响应在完成后才显示。</translation>
    </message>
    <message>
        <source>St&amp;ore the response</source>
        <translation>存储响应(&amp;O)</translation>
    </message>
    <message>
        <source>Store the response</source>
        <translation>存储响应</translation>
    </message>
    <message>
        <source>Keep the response on the server, so that a later request can continue from it (previous_response_id).</source>
        <translation>将响应保留在服务器上，以便之后的请求可以从它继续（previous_response_id）。</translation>
    </message>
    <message>
        <source>Stored responses are kept for 30 days in the region the request went to.</source>
        <translation>已存储的响应会在请求所发往的区域保留 30 天。</translation>
    </message>
    <message>
        <source>Run in the &amp;background</source>
        <translation>在后台运行(&amp;B)</translation>
    </message>
    <message>
        <source>Run in the background</source>
        <translation>在后台运行</translation>
    </message>
    <message>
        <source>The server answers later: the app polls the stored response until it is done (Stop cancels it). Needs the response stored.</source>
        <translation>服务器稍后作答：应用会轮询已存储的响应直到完成（“停止”会取消它）。需要存储响应。</translation>
    </message>
    <message>
        <source>Reset to &amp;defaults</source>
        <translation>恢复默认值(&amp;D)</translation>
    </message>
    <message>
        <source>Reset the parameters to their defaults</source>
        <translation>将参数恢复为默认值</translation>
    </message>
    <message>
        <source>Unset every value so that the server&apos;s defaults apply.</source>
        <translation>清除所有值，以使用服务器的默认值。</translation>
    </message>
    <message>
        <source>Default: %1, always sent (Messages requires max_tokens)</source>
        <translation>默认值：%1，始终发送（Messages 要求 max_tokens）</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Stop sequences</source>
        <translation>停止序列</translation>
    </message>
    <message>
        <source>Chat Completions accepts at most %1 stop sequences; there are %2.</source>
        <translation>Chat Completions 最多接受 %1 个停止序列；当前有 %2 个。</translation>
    </message>
    <message>
        <source>enter a whole number, or untick it.</source>
        <translation>请输入整数，或取消勾选。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::PlaygroundPage</name>
    <message>
        <source>New session</source>
        <translation>新会话</translation>
    </message>
    <message>
        <source>Receiving the answer…</source>
        <translation>正在接收响应…</translation>
    </message>
    <message>
        <source>&amp;Instructions (developer prompt)</source>
        <translation>指令（开发者提示词）(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;System prompt</source>
        <translation>系统提示词(&amp;S)</translation>
    </message>
    <message>
        <source>Instructions</source>
        <translation>指令</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>Optional: how the model should behave.</source>
        <translation>可选：模型应如何表现。</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Type a prompt, then press Ctrl+Enter to send.</source>
        <translation>输入提示词，然后按 Ctrl+Enter 发送。</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
    <message>
        <source>Send the prompt (Ctrl+Enter)</source>
        <translation>发送提示词 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop the answer; what arrived is kept (Esc)</source>
        <translation>停止响应；已收到的内容会保留 (Esc)</translation>
    </message>
    <message>
        <source>Request settings</source>
        <translation>请求设置</translation>
    </message>
    <message>
        <source>&amp;Parameters</source>
        <translation>参数(&amp;P)</translation>
    </message>
    <message>
        <source>T&amp;ools</source>
        <translation>工具(&amp;O)</translation>
    </message>
    <message>
        <source>Sc&amp;hema</source>
        <translation>Schema(&amp;H)</translation>
    </message>
    <message>
        <source>Chai&amp;n</source>
        <translation>链(&amp;N)</translation>
    </message>
    <message>
        <source>Cos&amp;t</source>
        <translation>费用(&amp;T)</translation>
    </message>
    <message>
        <source>Choose a model above.</source>
        <translation>请在上方选择一个模型。</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>Type a prompt first.</source>
        <translation>请先输入提示词。</translation>
    </message>
    <message>
        <source>Choose a model first (the Model list above).</source>
        <translation>请先选择模型（上方的“模型”列表）。</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接到 %1…</translation>
    </message>
    <message>
        <source>The account “%1” could not be used: %2</source>
        <translation>无法使用账户“%1”：%2</translation>
    </message>
    <message>
        <source>Waiting for %1…</source>
        <translation>正在等待 %1…</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>未发送：%1</translation>
    </message>
    <message>
        <source>Stopped before sending.</source>
        <translation>在发送前已停止。</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>%1 s to first token</source>
        <translation>首 token %1 s</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 token/s</translation>
    </message>
    <message>
        <source>%1 s in all</source>
        <translation>共 %1 s</translation>
    </message>
    <message>
        <source>You</source>
        <translation>您</translation>
    </message>
    <message>
        <source>Tool result · %1</source>
        <translation>工具结果 · %1</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>Assistant · %1</source>
        <translation>助手 · %1</translation>
    </message>
    <message>
        <source>The answer was cut short: %1
What arrived is kept; re-run to try again.</source>
        <translation>响应被中断：%1
已收到的内容会保留；请重新运行以重试。</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>%1 in · %2 out</source>
        <translation>输入 %1 · 输出 %2</translation>
    </message>
    <message>
        <source>%1 reasoning</source>
        <translation>推理 %1</translation>
    </message>
    <message>
        <source>no price known</source>
        <translation>价格未知</translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s)</source>
        <translation>
            <numerusform>%n 次尝试</numerusform>
        </translation>
    </message>
    <message>
        <source>session cost unknown: no price for this model (set one in File &gt; Models…)</source>
        <translation>会话费用未知：此模型没有价格（可在“文件 &gt; 模型…”中设置）</translation>
    </message>
    <message>
        <source>session cost $%1</source>
        <translation>会话费用 $%1</translation>
    </message>
    <message numerus="yes">
        <source>(%n answer(s) without a known price)</source>
        <translation>
            <numerusform>（%n 个响应的价格未知）</numerusform>
        </translation>
    </message>
    <message>
        <source>There is no question before this answer to ask again.</source>
        <translation>此响应之前没有可以重新提问的问题。</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>The session could not be saved: %1</source>
        <translation>无法保存会话：%1</translation>
    </message>
    <message>
        <source>The answer could not be saved: %1</source>
        <translation>无法保存响应：%1</translation>
    </message>
    <message>
        <source>≈ %1 input tokens</source>
        <translation>≈ %1 个输入 token</translation>
    </message>
    <message>
        <source>Input tokens of the request Send would send now (the conversation, the prompt, the system prompt and the tools), counted by Mantle&apos;s count_tokens.</source>
        <translation>点击“发送”此刻会发送的请求的输入 token 数（包括对话、提示词、系统提示词和工具），由 Mantle 的 count_tokens 计算。</translation>
    </message>
    <message>
        <source>≈ $%1</source>
        <translation>≈ $%1</translation>
    </message>
    <message>
        <source>The cost is the input at %1 per million input tokens.</source>
        <translation>费用按输入计算，每百万输入 token %1。</translation>
    </message>
    <message>
        <source>No price is known for this model, so no cost is shown (set one in File &gt; Models…).</source>
        <translation>此模型没有已知价格，因此不显示费用（可在“文件 &gt; 模型…”中设置）。</translation>
    </message>
    <message>
        <source>up to $%1 with the answer</source>
        <translation>含响应最多 $%1</translation>
    </message>
    <message>
        <source>With the answer: the input plus at most %1 output tokens (Max tokens) at %2 per million output tokens; a shorter answer costs less.</source>
        <translation>含响应：输入加上最多 %1 个输出 token（最大输出 token 数），每百万输出 token %2；响应越短，费用越低。</translation>
    </message>
    <message>
        <source>≈ ? tokens</source>
        <translation>≈ ? 个 token</translation>
    </message>
    <message>
        <source>The tokens could not be counted: %1</source>
        <translation>无法计算 token 数：%1</translation>
    </message>
</context>
<context>
    <name>mantle::ui::PlaygroundServices</name>
    <message>
        <source>Demo (local emulator)</source>
        <translation>演示（本地模拟器）</translation>
    </message>
    <message>
        <source>The demo account could not start its emulator: %1</source>
        <translation>演示账户无法启动其模拟器：%1</translation>
    </message>
    <message>
        <source>Another program may hold the local network; restart the app or add an AWS account with File &gt; Accounts….</source>
        <translation>可能有其他程序占用了本地网络；请重新启动应用，或通过“文件 &gt; 账户…”添加 AWS 账户。</translation>
    </message>
    <message>
        <source>The demo account is not running.</source>
        <translation>演示账户未运行。</translation>
    </message>
    <message>
        <source>Restart the app with --demo, or choose another account.</source>
        <translation>请使用 --demo 重新启动应用，或选择其他账户。</translation>
    </message>
    <message>
        <source>The demo account is not running, so its address is unknown.</source>
        <translation>演示账户未运行，因此其地址未知。</translation>
    </message>
    <message>
        <source>The account “%1” does not sign with SigV4, so no short-term API key can be made from it.</source>
        <translation>账户“%1”不使用 SigV4 签名，因此无法从中生成短期 API 密钥。</translation>
    </message>
    <message>
        <source>Use an account with access keys or a role.</source>
        <translation>请使用带有访问密钥或角色的账户。</translation>
    </message>
    <message>
        <source>The account has no SigV4 credentials.</source>
        <translation>该账户没有 SigV4 凭证。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>System language (%1)</source>
        <translation>系统语言（%1）</translation>
    </message>
    <message>
        <source>A new language is used from the next start of Mantle Playground.</source>
        <translation>新语言将在 Mantle Playground 下次启动时生效。</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
</context>
<context>
    <name>mantle::ui::RecordedEventTableModel</name>
    <message>
        <source>Time (ms)</source>
        <translation>时间 (ms)</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
</context>
<context>
    <name>mantle::ui::RegionMatrixView</name>
    <message>
        <source>&amp;Use this region</source>
        <translation>使用此区域(&amp;U)</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Any model (count only)</source>
        <translation>任意模型（仅计数）</translation>
    </message>
    <message>
        <source>%v of %m regions</source>
        <translation>%v/%m 个区域</translation>
    </message>
    <message>
        <source>Use the selected region with this account and model</source>
        <translation>将所选区域用于此账户和模型</translation>
    </message>
    <message>
        <source>Regions</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Serves model</source>
        <translation>提供该模型</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>延迟（ms）</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>A&amp;ccount:</source>
        <translation>账户(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>This account sends every region to the same endpoint, %1: each row shows what that endpoint answers for the region (with SigV4, the region the request is signed for), not what the region&apos;s own Mantle endpoint serves.</source>
        <translation>此账户将所有区域的请求都发送到同一个端点 %1：每行显示的是该端点针对该区域的响应（使用 SigV4 时即请求签名所针对的区域），而不是该区域自己的 Mantle 端点提供的内容。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Choose an account first.</source>
        <translation>请先选择账户。</translation>
    </message>
    <message>
        <source>Resolving the account…</source>
        <translation>正在解析账户…</translation>
    </message>
    <message>
        <source>No region answered.</source>
        <translation>没有区域响应。</translation>
    </message>
    <message numerus="yes">
        <source>%n region(s) list %1.</source>
        <translation>
            <numerusform>%n 个区域列出了 %1。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n region(s) answered.</source>
        <translation>
            <numerusform>%n 个区域已响应。</numerusform>
        </translation>
    </message>
    <message>
        <source>Checking the regions…</source>
        <translation>正在检查区域…</translation>
    </message>
    <message>
        <source>The region lists %1.</source>
        <translation>该区域列出了 %1。</translation>
    </message>
    <message>
        <source>The region does not list %1.</source>
        <translation>该区域未列出 %1。</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>Check &amp;regions</source>
        <translation>检查区域(&amp;R)</translation>
    </message>
    <message>
        <source>Stop the regions still pending</source>
        <translation>停止仍在等待的区域</translation>
    </message>
    <message>
        <source>Ask all 13 regions for their model list at once</source>
        <translation>同时向全部 13 个区域请求其模型列表</translation>
    </message>
</context>
<context>
    <name>mantle::ui::SchemaEditor</name>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>List of items</source>
        <translation>项目列表</translation>
    </message>
    <message>
        <source>Classification (enum)</source>
        <translation>分类（枚举）</translation>
    </message>
    <message>
        <source>Nested address</source>
        <translation>嵌套地址</translation>
    </message>
    <message>
        <source>Structured output</source>
        <translation>结构化输出</translation>
    </message>
    <message>
        <source>Use structured output</source>
        <translation>使用结构化输出</translation>
    </message>
    <message>
        <source>Ask for JSON that follows the schema below</source>
        <translation>要求输出遵循下方 Schema 的 JSON</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Schema name</source>
        <translation>Schema 名称</translation>
    </message>
    <message>
        <source>Letters, digits, _ and -, at most 64 characters</source>
        <translation>字母、数字、_ 和 -，最多 64 个字符</translation>
    </message>
    <message>
        <source>&amp;Strict</source>
        <translation>严格(&amp;S)</translation>
    </message>
    <message>
        <source>Strict schema adherence</source>
        <translation>严格遵循 Schema</translation>
    </message>
    <message>
        <source>Strict structured output: the model is held to the schema, which must then follow the strict-mode rules listed below</source>
        <translation>严格结构化输出：模型必须遵循该 Schema，而该 Schema 必须符合下方列出的严格模式规则</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>Example schemas</source>
        <translation>示例 Schema</translation>
    </message>
    <message>
        <source>JSON schema</source>
        <translation>JSON Schema</translation>
    </message>
    <message>
        <source>A JSON Schema, e.g. from the Examples menu</source>
        <translation>JSON Schema，例如来自“示例”菜单</translation>
    </message>
    <message>
        <source>Schema status</source>
        <translation>Schema 状态</translation>
    </message>
    <message>
        <source>Fix &amp;all</source>
        <translation>全部修复(&amp;A)</translation>
    </message>
    <message>
        <source>Fix all strict-mode findings</source>
        <translation>修复所有严格模式问题</translation>
    </message>
    <message>
        <source>Make every change listed that has a fix</source>
        <translation>执行所列出的所有可修复的更改</translation>
    </message>
    <message>
        <source>Last output</source>
        <translation>上次输出</translation>
    </message>
    <message>
        <source>Output check</source>
        <translation>输出检查</translation>
    </message>
    <message>
        <source>Schema violations in the output</source>
        <translation>输出中违反 Schema 之处</translation>
    </message>
    <message>
        <source>Last output, pretty-printed</source>
        <translation>上次输出（格式化）</translation>
    </message>
    <message>
        <source>Write a JSON Schema or pick one from Examples.</source>
        <translation>请编写 JSON Schema，或从“示例”中选择一个。</translation>
    </message>
    <message>
        <source>Not valid JSON at line %1, column %2: %3</source>
        <translation>不是有效的 JSON，位于第 %1 行第 %2 列：%3</translation>
    </message>
    <message>
        <source>A schema is a JSON object ({ ... }).</source>
        <translation>Schema 是 JSON 对象（{ ... }）。</translation>
    </message>
    <message>
        <source>Valid schema.</source>
        <translation>Schema 有效。</translation>
    </message>
    <message>
        <source>Valid schema; it follows the strict-mode rules.</source>
        <translation>Schema 有效，且符合严格模式规则。</translation>
    </message>
    <message>
        <source>Valid schema, but strict mode will refuse it:</source>
        <translation>Schema 有效，但严格模式会拒绝它：</translation>
    </message>
    <message>
        <source>(root)</source>
        <translation>（根）</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;：%2</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>修复</translation>
    </message>
    <message>
        <source>Fix: %1</source>
        <translation>修复：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n strict-mode finding(s):</source>
        <translation>
            <numerusform>%n 个严格模式问题：</numerusform>
        </translation>
    </message>
    <message>
        <source>The answer is not JSON (line %1, column %2: %3).</source>
        <translation>响应不是 JSON（第 %1 行第 %2 列：%3）。</translation>
    </message>
    <message>
        <source>The answer is JSON; there is no valid schema to check it against.</source>
        <translation>响应是 JSON；但没有可用于校验的有效 Schema。</translation>
    </message>
    <message>
        <source>The answer matches the schema.</source>
        <translation>响应与 Schema 匹配。</translation>
    </message>
    <message numerus="yes">
        <source>The answer breaks the schema in %n place(s):</source>
        <translation>
            <numerusform>响应有 %n 处违反 Schema：</numerusform>
        </translation>
    </message>
    <message>
        <source>The next answer is shown here and checked against the schema.</source>
        <translation>下一个响应将显示在此处，并按 Schema 进行校验。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::SelfCheck</name>
    <message>
        <source>Self-check failed: %1</source>
        <translation>自检失败：%1</translation>
    </message>
    <message>
        <source>Mantle Playground %1 self-check</source>
        <translation>Mantle Playground %1 自检</translation>
    </message>
    <message>
        <source>Qt %1, platform “%2”</source>
        <translation>Qt %1，平台“%2”</translation>
    </message>
    <message>
        <source>Language: %1 (locale %2, translation %3)</source>
        <translation>语言：%1（区域设置 %2，翻译 %3）</translation>
    </message>
    <message>
        <source>none loaded</source>
        <translation>未加载</translation>
    </message>
    <message>
        <source>Qt&apos;s own translation: %1</source>
        <translation>Qt 自身的翻译：%1</translation>
    </message>
    <message>
        <source>none for this language</source>
        <translation>没有适用于此语言的翻译</translation>
    </message>
    <message>
        <source>cannot create a temporary directory (%1).</source>
        <translation>无法创建临时目录（%1）。</translation>
    </message>
    <message>
        <source>the built-in emulator did not start.</source>
        <translation>内置模拟器未能启动。</translation>
    </message>
    <message>
        <source>the main window could not be painted.</source>
        <translation>无法绘制主窗口。</translation>
    </message>
    <message>
        <source>Main window: painted at %1×%2</source>
        <translation>主窗口：以 %1×%2 绘制</translation>
    </message>
    <message>
        <source>Say hello to the self-check.</source>
        <translation>请向自检打个招呼。</translation>
    </message>
    <message>
        <source>the demo request failed: %1</source>
        <translation>演示请求失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>Demo request (Chat Completions, %1): %n character(s) in %2 ms</source>
        <translation>
            <numerusform>演示请求（Chat Completions，%1）：%2 ms 内收到 %n 个字符</numerusform>
        </translation>
    </message>
    <message>
        <source>Self-check passed.</source>
        <translation>自检通过。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::SessionListModel</name>
    <message>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>%1
The file is left as it is: %2</source>
        <translation>%1
文件保持原样：%2</translation>
    </message>
    <message>
        <source>Cannot be opened: %1</source>
        <translation>无法打开：%1</translation>
    </message>
    <message>
        <source>Untitled session</source>
        <translation>未命名会话</translation>
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
        <translation>会话</translation>
    </message>
    <message>
        <source>New session</source>
        <translation>新会话</translation>
    </message>
    <message>
        <source>Start a new session</source>
        <translation>开始新会话</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Import a session file</source>
        <translation>导入会话文件</translation>
    </message>
    <message>
        <source>Import a session</source>
        <translation>导入会话</translation>
    </message>
    <message>
        <source>Search sessions</source>
        <translation>搜索会话</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>创建副本</translation>
    </message>
    <message>
        <source>Export as JSON…</source>
        <translation>导出为 JSON…</translation>
    </message>
    <message>
        <source>Export as Markdown…</source>
        <translation>导出为 Markdown…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>No sessions yet.</source>
        <translation>还没有会话。</translation>
    </message>
    <message>
        <source>No session matches “%1”.</source>
        <translation>没有与“%1”匹配的会话。</translation>
    </message>
    <message>
        <source>Session not deleted</source>
        <translation>会话未删除</translation>
    </message>
    <message>
        <source>“%1” could not be read, so it is not deleted here: the file is left untouched.</source>
        <translation>无法读取“%1”，因此不会在此删除：文件保持原样。</translation>
    </message>
    <message>
        <source>The file is %1
%2</source>
        <translation>文件为 %1
%2</translation>
    </message>
    <message>
        <source>Delete session</source>
        <translation>删除会话</translation>
    </message>
    <message>
        <source>Delete “%1”?</source>
        <translation>要删除“%1”吗？</translation>
    </message>
    <message>
        <source>Its file is removed from disk. This cannot be undone.</source>
        <translation>其文件将从磁盘中删除。此操作无法撤销。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ShortTermKeyDialog</name>
    <message>
        <source>Short-term API key for %1</source>
        <translation>%1 的短期 API 密钥</translation>
    </message>
    <message>
        <source>A short-term Bedrock API key is made on this computer from the account&apos;s SigV4 credentials (a role account asks STS for them first). It works in the account&apos;s region only, for at most 12 hours or as long as the credentials last, and is kept in memory only: it is never saved.</source>
        <translation>短期 Bedrock API 密钥在这台计算机上根据账户的 SigV4 凭证生成（角色账户会先向 STS 请求凭证）。它仅在账户所在区域有效，最长有效 12 小时，且不超过凭证的有效期；它只保存在内存中，绝不会被存储。</translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation>15 分钟</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <source>4 hours</source>
        <translation>4 小时</translation>
    </message>
    <message>
        <source>12 hours</source>
        <translation>12 小时</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Lifetime:</source>
        <translation>有效期(&amp;L)：</translation>
    </message>
    <message>
        <source>Short-term API key</source>
        <translation>短期 API 密钥</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>显示(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>Region:</source>
        <translation>区域：</translation>
    </message>
    <message>
        <source>Expiry:</source>
        <translation>过期时间：</translation>
    </message>
    <message>
        <source>&amp;Use for This Session</source>
        <translation>用于此会话(&amp;U)</translation>
    </message>
    <message>
        <source>Until the key expires, this account&apos;s requests in its region go with the key instead of a SigV4 signature.</source>
        <translation>在密钥过期之前，此账户在其区域内的请求将使用该密钥，而不是 SigV4 签名。</translation>
    </message>
    <message>
        <source>S&amp;top Using</source>
        <translation>停止使用(&amp;T)</translation>
    </message>
    <message>
        <source>Not generated yet</source>
        <translation>尚未生成</translation>
    </message>
    <message>
        <source>%1, shortened to the end of the account&apos;s temporary credentials</source>
        <translation>%1，已缩短至账户临时凭证的到期时间</translation>
    </message>
    <message>
        <source>This account&apos;s requests go with a short-term key; %1.</source>
        <translation>此账户的请求使用短期密钥；%1。</translation>
    </message>
    <message>
        <source>This account&apos;s requests are signed with SigV4.</source>
        <translation>此账户的请求使用 SigV4 签名。</translation>
    </message>
    <message>
        <source>in %1 h %2 min</source>
        <translation>%1 小时 %2 分钟后</translation>
    </message>
    <message>
        <source>in %1 min</source>
        <translation>%1 分钟后</translation>
    </message>
    <message>
        <source>expires at %1 (%2)</source>
        <translation>将于 %1 过期（%2）</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
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
        <translation>参数不是有效的 JSON：%1（位于字节 %2）。</translation>
    </message>
    <message>
        <source>The arguments are JSON but not a JSON object.</source>
        <translation>参数是 JSON，但不是 JSON 对象。</translation>
    </message>
    <message>
        <source>The arguments are valid JSON, but no tool of this name is defined.</source>
        <translation>参数是有效的 JSON，但未定义此名称的工具。</translation>
    </message>
    <message>
        <source>The arguments are valid JSON (the tool has no parameter schema).</source>
        <translation>参数是有效的 JSON（该工具没有参数 Schema）。</translation>
    </message>
    <message>
        <source>The arguments are valid JSON; the tool&apos;s schema cannot be checked: %1</source>
        <translation>参数是有效的 JSON；无法按工具的 Schema 校验：%1</translation>
    </message>
    <message>
        <source>The arguments are valid JSON and match the tool&apos;s schema.</source>
        <translation>参数是有效的 JSON，且与工具的 Schema 匹配。</translation>
    </message>
    <message>
        <source>The arguments are valid JSON but do not match the tool&apos;s schema:
%1</source>
        <translation>参数是有效的 JSON，但与工具的 Schema 不匹配：
%1</translation>
    </message>
    <message>
        <source>Tool calls summary</source>
        <translation>工具调用摘要</translation>
    </message>
    <message>
        <source>Tool calls</source>
        <translation>工具调用</translation>
    </message>
    <message>
        <source>&amp;Fill Canned Results</source>
        <translation>填入预设结果(&amp;F)</translation>
    </message>
    <message>
        <source>Fill canned results</source>
        <translation>填入预设结果</translation>
    </message>
    <message>
        <source>Fill every empty result with its tool&apos;s canned result.</source>
        <translation>用各工具的预设结果填充所有空结果。</translation>
    </message>
    <message>
        <source>&amp;Send Results</source>
        <translation>发送结果(&amp;S)</translation>
    </message>
    <message>
        <source>Send results</source>
        <translation>发送结果</translation>
    </message>
    <message>
        <source>Call of %1</source>
        <translation>%1 的调用</translation>
    </message>
    <message>
        <source>Tool name</source>
        <translation>工具名称</translation>
    </message>
    <message>
        <source>call id: %1</source>
        <translation>调用 ID：%1</translation>
    </message>
    <message>
        <source>Call id</source>
        <translation>调用 ID</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Arguments check</source>
        <translation>参数检查</translation>
    </message>
    <message>
        <source>Result of %1</source>
        <translation>%1 的结果</translation>
    </message>
    <message>
        <source>The tool&apos;s result (text or JSON)</source>
        <translation>工具的结果（文本或 JSON）</translation>
    </message>
    <message>
        <source>The tool failed (send the result as an error)</source>
        <translation>工具执行失败（将结果作为错误发送）</translation>
    </message>
    <message>
        <source>Tool failed</source>
        <translation>工具失败</translation>
    </message>
    <message>
        <source>Messages sends is_error; Chat and Responses have no error flag, so say in the result that it failed.</source>
        <translation>Messages 会发送 is_error；Chat 和 Responses 没有错误标志，因此请在结果中说明执行失败。</translation>
    </message>
    <message>
        <source>Result:</source>
        <translation>结果：</translation>
    </message>
    <message>
        <source>No tool calls to answer.</source>
        <translation>没有需要响应的工具调用。</translation>
    </message>
    <message numerus="yes">
        <source>The model called %n tool(s); %1 answered.</source>
        <translation>
            <numerusform>模型调用了 %n 个工具；已响应 %1 个。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mantle::ui::ToolExamples</name>
    <message>
        <source>Get the current weather in a city.</source>
        <translation>获取某个城市的当前天气。</translation>
    </message>
    <message>
        <source>Search the documentation and return the best matches.</source>
        <translation>搜索文档并返回最佳匹配。</translation>
    </message>
    <message>
        <source>Get the current date and time in a time zone.</source>
        <translation>获取某个时区的当前日期和时间。</translation>
    </message>
    <message>
        <source>Evaluate an arithmetic expression exactly.</source>
        <translation>精确计算算术表达式。</translation>
    </message>
    <message>
        <source>Create a calendar event with attendees.</source>
        <translation>创建包含参与者的日历事件。</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ToolsEditor</name>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>Add a tool</source>
        <translation>添加工具</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>创建副本(&amp;U)</translation>
    </message>
    <message>
        <source>Duplicate the tool</source>
        <translation>创建工具副本</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>Remove the tool</source>
        <translation>删除工具</translation>
    </message>
    <message>
        <source>Examp&amp;les</source>
        <translation>示例(&amp;L)</translation>
    </message>
    <message>
        <source>Add an example tool</source>
        <translation>添加示例工具</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Import tools from a JSON file</source>
        <translation>从 JSON 文件导入工具</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>Export the tools to a JSON file</source>
        <translation>将工具导出到 JSON 文件</translation>
    </message>
    <message>
        <source>Function name</source>
        <translation>函数名称</translation>
    </message>
    <message>
        <source>get_weather</source>
        <translation>get_weather</translation>
    </message>
    <message>
        <source>Function name problem</source>
        <translation>函数名称问题</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Function description</source>
        <translation>函数描述</translation>
    </message>
    <message>
        <source>What the function does and when to call it.</source>
        <translation>该函数的作用以及何时调用它。</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>描述(&amp;D)：</translation>
    </message>
    <message>
        <source>Parameters JSON schema</source>
        <translation>参数 JSON Schema</translation>
    </message>
    <message>
        <source>{&quot;type&quot;: &quot;object&quot;, &quot;properties&quot;: {}} — empty for no arguments</source>
        <translation>{&quot;type&quot;: &quot;object&quot;, &quot;properties&quot;: {}} — 留空表示无参数</translation>
    </message>
    <message>
        <source>Parameters check</source>
        <translation>参数检查</translation>
    </message>
    <message>
        <source>&amp;Format</source>
        <translation>格式化(&amp;F)</translation>
    </message>
    <message>
        <source>Format the parameters JSON</source>
        <translation>格式化参数 JSON</translation>
    </message>
    <message>
        <source>&amp;Parameters:</source>
        <translation>参数(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Strict</source>
        <translation>严格(&amp;S)</translation>
    </message>
    <message>
        <source>Strict arguments</source>
        <translation>严格参数</translation>
    </message>
    <message>
        <source>Checked: the arguments must follow the schema exactly. Unchecked: strict off. Partly checked: not sent, the surface&apos;s default applies (Responses: strict).</source>
        <translation>勾选：参数必须完全遵循 Schema。不勾选：关闭严格模式。部分勾选：不发送，使用该接口的默认值（Responses：严格）。</translation>
    </message>
    <message>
        <source>Canned result</source>
        <translation>预设结果</translation>
    </message>
    <message>
        <source>The result to fill in when the model calls this tool.</source>
        <translation>模型调用此工具时要填入的结果。</translation>
    </message>
    <message>
        <source>&amp;Canned result:</source>
        <translation>预设结果(&amp;C)：</translation>
    </message>
    <message>
        <source>Tool choice</source>
        <translation>工具选择</translation>
    </message>
    <message>
        <source>&amp;Tool choice:</source>
        <translation>工具选择(&amp;T)：</translation>
    </message>
    <message>
        <source>Give the function a name.</source>
        <translation>请为函数命名。</translation>
    </message>
    <message>
        <source>A function name has 1 to 64 letters (a–z, A–Z), digits, “_” or “-”.</source>
        <translation>函数名称由 1 到 64 个字母（a–z、A–Z）、数字、“_”或“-”组成。</translation>
    </message>
    <message>
        <source>Another tool above has this name.</source>
        <translation>上方已有其他工具使用此名称。</translation>
    </message>
    <message>
        <source>Not valid JSON: %1 at line %2, column %3.</source>
        <translation>不是有效的 JSON：%1，位于第 %2 行第 %3 列。</translation>
    </message>
    <message>
        <source>The parameters must be a JSON object (an object schema).</source>
        <translation>参数必须是 JSON 对象（对象 Schema）。</translation>
    </message>
    <message>
        <source>The parameters must be an object schema: add &quot;type&quot;: &quot;object&quot;.</source>
        <translation>参数必须是对象 Schema：请添加 &quot;type&quot;: &quot;object&quot;。</translation>
    </message>
    <message>
        <source>Not a usable JSON schema: %1</source>
        <translation>不是可用的 JSON Schema：%1</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2.</source>
        <translation>无法读取“%1”：%2。</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2.</source>
        <translation>无法写入“%1”：%2。</translation>
    </message>
    <message>
        <source>Import Tools</source>
        <translation>导入工具</translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>JSON 文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Export Tools</source>
        <translation>导出工具</translation>
    </message>
    <message>
        <source>Write the tools in the shape of:</source>
        <translation>按以下格式写入工具：</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>（无名称）</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>problem: %1</source>
        <translation>问题：%1</translation>
    </message>
    <message>
        <source>No arguments.</source>
        <translation>无参数。</translation>
    </message>
    <message>
        <source>Valid object schema.</source>
        <translation>有效的对象 Schema。</translation>
    </message>
    <message>
        <source>Default (not sent)</source>
        <translation>默认（不发送）</translation>
    </message>
    <message>
        <source>Auto: the model decides</source>
        <translation>自动：由模型决定</translation>
    </message>
    <message>
        <source>None: no tool calls</source>
        <translation>无：不调用工具</translation>
    </message>
    <message>
        <source>Required: at least one call</source>
        <translation>必需：至少调用一次</translation>
    </message>
    <message>
        <source>Call %1</source>
        <translation>调用 %1</translation>
    </message>
</context>
</TS>
