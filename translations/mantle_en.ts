<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ConversationItemLayout</name>
    <message>
        <source>Tool call · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reasoning (hidden)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Streaming…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::JsonFieldReader</name>
    <message>
        <source>a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is invalid: expected %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a date and time such as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>base64 text</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::Regions</name>
    <message>
        <source>US East (N. Virginia)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>US East (Ohio)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>US West (Oregon)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asia Pacific (Mumbai)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asia Pacific (Jakarta)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asia Pacific (Sydney)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asia Pacific (Tokyo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Europe (Frankfurt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Europe (Ireland)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Europe (London)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Europe (Milan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Europe (Stockholm)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>South America (São Paulo)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::accounts::Account</name>
    <message>
        <source>The account name must be 1 to %1 characters, without &apos;/&apos;, &apos;\&apos;, control characters or blanks at either end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account “%1”: “%2” is not a Mantle region; use one of %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account “%1”: the endpoint is not usable: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The access key id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account “%1”: an assumed role needs the name of the account whose keys assume it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account “%1”: a role cannot be its own source account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account “%1”: an assumed role needs the AWS profile whose credentials assume it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account “%1”: unknown auth method “%2” (access-key, role or api-key).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account “%1”: unknown role source “%2” (account or aws-profile).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountImporter</name>
    <message>
        <source>AWS profile “%1” uses %2, which accounts do not support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the account with access keys or an API key instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 names no region: the account uses %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 names the region %2, which does not serve Mantle: the account uses %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IAM Identity Center (sso_*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AWS profile “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported from AWS profile “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>role_arn without source_profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AWS profile “%1” has only one of aws_access_key_id and aws_secret_access_key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AWS profile “%1” has neither keys nor a role to import.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported from AWS_BEARER_TOKEN_BEDROCK.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported from AWS_ACCESS_KEY_ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keys from the environment expire at %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountManager</name>
    <message>
        <source>%1 The account “%2” was not saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is already an account “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account “%1” needs its secret access key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account “%1” needs its API key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The source account “%1” of “%2” must be an existing access-key account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain holds no %1 for account “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the account and add it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no account “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account “%1” is the source of %2: remove those first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountResolver</name>
    <message>
        <source>The source account “%1” of “%2” is missing or has no access keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AWS profile “%1” needs an MFA code, which accounts cannot ask for.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountStore</name>
    <message>
        <source>There is no account “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`mantle accounts list` shows the accounts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The settings of account “%1” are broken: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is already an account “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The settings file “%1” could not be written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is too large to be an account file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not an account file exported by Mantle Playground.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::accounts::ConnectionTest</name>
    <message>
        <source>the source credentials&apos; principal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trust policy of %1 must allow sts:AssumeRole for %2, and that principal needs sts:AssumeRole on the role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the account&apos;s external ID is the one the trust policy&apos;s sts:ExternalId condition expects.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>If the trust policy has an sts:ExternalId condition, set the external ID it expects on the account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a Bedrock API key (Bearer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account has no AWS credentials.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store the account&apos;s access key (or pick a source for the role).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>access key %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>temporary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>long-term</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>assumed %1 (access key %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The region “%1” does not serve Bedrock Mantle.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use one of the Mantle regions: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, through %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow bedrock-mantle:CallWithBearerToken on &quot;*&quot; for the IAM user that owns the API key (`mantle accounts policy` prints the policy).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow %1 on arn:aws:bedrock-mantle:%2:%3:project/* for this account&apos;s IAM principal (`mantle accounts policy` prints the policy), or attach the managed policy AmazonBedrockMantleInferenceAccess.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model list answer has no “data” array.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 model listed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 models listed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 answered a 1-token Chat Completions request through %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is served under %2, not the prefix tried first; the route was learned for this account and region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a third-party model: a first call also needs aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions (with the condition aws:CalledViaLast = bedrock-mantle.amazonaws.com).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::accounts::IamPolicyHelper</name>
    <message>
        <source>Instead of the policy above, attach the AWS managed policy AmazonBedrockMantleInferenceAccess (inference, including the Marketplace subscription for third-party models); AmazonBedrockMantleFullAccess grants everything and AmazonBedrockMantleReadOnly only reading.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach it to the IAM user that owns the API key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach it to the role; the trust policy is needed either way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the IAM user that owns the API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the IAM user or role of the access key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identity policy for %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust policy of the role:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::accounts::ModelSettingsStore</name>
    <message>
        <source>The saved model settings of “%1” could not be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>they are not a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not an account name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The settings file “%1” could not be written.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::accounts::SecretStore</name>
    <message>
        <source>No keychain is available (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a keychain service (GNOME Keyring or KWallet on Linux). Mantle Playground never keeps secrets in plain files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain refused access to “%1” (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain failed on “%1” (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain entry “%1” is damaged: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the secret again; saving it stores it anew.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its %1 parts do not belong to one secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>part %1 of %2 (“%3”) is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret for “%1” is too long for the keychain: it has %2 bytes, and the keychain holds at most %3 (%4 entries of %5 bytes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that only the secret was pasted. Nothing was saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its header is not understood</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::api::ErrorClassifier</name>
    <message>
        <source>account %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>region %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>route %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no account or region named</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <comment>separates the parts of an error&apos;s place</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no HTTP status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP %1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1.</source>
        <comment>an error sentence without the server&apos;s message</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>an error sentence, then the server&apos;s message</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A proxy or captive portal answered instead of Mantle, with a web page (HTTP %1; %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the network: sign in to the captive portal, or set the proxy (HTTPS_PROXY, NO_PROXY) so that requests reach Mantle.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model is not served under this route (%1; %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call the model under /openai/v1 or /v1, whichever it is served under.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the route %1 for this model instead (the app retries there once and remembers it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model does not support the %1 API (%2; %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use %1 for this model instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mantle refused the request&apos;s signature because this computer&apos;s clock is off by about %1 seconds (%2; %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mantle refused the request&apos;s signature because its time is outside the allowed window, so this computer&apos;s clock is probably wrong (%1; %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set this computer&apos;s clock to the correct time (turn on automatic time synchronisation), then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The credentials have expired (%1; %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a new Bedrock API key and update the account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh the credentials (for example with `aws sso login`, or a new session token for the account), then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mantle did not accept the API key (%1; %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The API key is wrong, expired or revoked: create a new Bedrock API key (long-term keys start with ABSK) and update the account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request was signed for another service (%1; %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign requests with the service name bedrock-mantle.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request was signed for another region (%1; %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign requests with the region of the endpoint (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mantle did not accept the AWS credentials (%1; %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the account&apos;s access key id and secret access key (and the session token, if it has one).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access was denied (%1; %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model is sold through AWS Marketplace: allow aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions (with the condition aws:CalledViaLast = bedrock-mantle.amazonaws.com), or attach the managed policy AmazonBedrockMantleInferenceAccess.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow the action %1 for this account&apos;s IAM principal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow bedrock-mantle:CallWithBearerToken on &quot;*&quot; for the IAM principal that owns the API key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow bedrock-mantle:CreateInference on arn:aws:bedrock-mantle:%1:&lt;account-id&gt;:project/* for this account&apos;s IAM principal, or attach the managed policy AmazonBedrockMantleInferenceAccess.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model does not exist here (%1; %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model ids are bare: try %1. `mantle models` lists the region&apos;s models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the model id: ids are bare, without a -v1:0 suffix or a us./global. prefix. `mantle models` lists the region&apos;s models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mantle found nothing there (%1; %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the id in the request (for example a response id) and the endpoint, if one is set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The prompt is too long for the model: %1 tokens, and it takes at most %2 (%3; %4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The prompt is too long for the model (%1; %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shorten the prompt or the conversation (drop earlier turns or attachments), or choose a model with a longer context.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mantle is limiting requests (%1; %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait a moment and try again. Each endpoint has its own quotas; if this keeps happening, ask for more in Service Quotas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model is overloaded (%1; %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mantle had a server error (%1; %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is on the server&apos;s side: try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is on the server&apos;s side: try again in a moment. If it keeps happening, give AWS Support the request id %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mantle did not accept the credentials (%1; %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the account&apos;s access key id and secret access key, and that requests are signed for bedrock-mantle in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mantle rejected the request (%1; %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the request&apos;s parameters against the %1 API.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correct what the server&apos;s message names, then send the request again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mantle answered with an error and an empty body (%1; %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mantle answered with an error (%1; %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>If it keeps happening, give AWS Support the request id %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try again in %1 s (as Mantle asked). Each endpoint has its own quotas; if this keeps happening, ask for more in Service Quotas.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::api::JsonValueReader</name>
    <message>
        <source>The answer is not valid JSON (%1 at byte %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer is JSON but not an object, as an answer body is.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::api::RequestSpec</name>
    <message>
        <source>The request field &quot;%1&quot; is invalid: expected %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correct or remove the field and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;user&quot;, &quot;assistant&quot; or &quot;tool&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request field &quot;%1&quot; is invalid: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 API has no such setting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the setting or choose an API that supports it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a user message needs text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an assistant message needs text or tool calls.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a tool call needs an id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a tool call needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a tool result must name the tool call it answers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only assistant messages carry tool calls.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only tool messages answer a tool call.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 requests are not built from a conversation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no model is chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model, e.g. from the model list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the conversation is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a message to send.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it must lie between 0 and %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it must lie between 0 and 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it must be at least 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a stop sequence cannot be empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a tool needs a name of 1 to 64 letters, digits, &apos;_&apos; or &apos;-&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the tool name &quot;%1&quot; is used twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the parameters schema must have &quot;type&quot;: &quot;object&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no tools are defined.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Define a tool or remove the tool choice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no tool named &quot;%1&quot; is defined.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a name is only given with the &quot;function&quot; mode.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claude cannot be forced to call a tool while thinking.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use &quot;auto&quot; or turn thinking off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a schema needs a name of 1 to 64 letters, digits, &apos;_&apos; or &apos;-&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the schema must have &quot;type&quot;: &quot;object&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a tool is already named &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with a schema, Messages must be forced to the schema&apos;s tool.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the tool choice or the schema.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claude cannot follow a schema while thinking.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turn thinking off or remove the schema.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a background response must be stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow storing the response or turn background off.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::api::StreamAccumulator</name>
    <message>
        <source>The stream ended before its final event: the answer may be cut short. Try the request again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A “%1” event of the stream is not valid JSON (%2) and was skipped; the answer may be incomplete.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::api::ToolDefinitionJson</name>
    <message>
        <source>%1: item %2 is not a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the description of item %2 is not a JSON string.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the %2 of item %3 is not a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the name of item %2 is not a JSON string.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: item %2 has no name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not JSON (%2 at line %3, column %4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: expected a JSON array of tools, or an object with a &quot;tools&quot; array.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::api::TurnReader</name>
    <message>
        <source>The %1 API does not answer with a model turn.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::api::chat::ChatRequestBuilder</name>
    <message>
        <source>A %1 request cannot be built as a Chat Completions request.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::api::messages::MessagesRequestBuilder</name>
    <message>
        <source>The request field &quot;%1&quot; is invalid: the arguments of a Claude tool call must be a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A %1 request cannot be built as a Messages request.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::api::messages::MessagesResponseParser</name>
    <message>
        <source>The answer is not a readable Messages body (%1).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::api::responses::ResponsesRequestBuilder</name>
    <message>
        <source>A %1 request cannot be built as a Responses request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a response id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response ids look like resp_ followed by letters and digits, as the answer of a Responses request gives them.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::api::responses::ResponsesResponseParser</name>
    <message>
        <source>The response failed and the server gave no reason.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::aws::AssumeRoleCredentialProvider</name>
    <message>
        <source>The credentials for the role %1 cannot be renewed: its STS client or source credentials are gone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The credentials for the role %1 cannot be renewed: its STS client is gone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STS gave credentials for the role %1 that had expired already, at %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that this computer&apos;s clock is set to the correct time.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::aws::AssumeRoleParameters</name>
    <message>
        <source>“%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the ARN of the role to assume, as the IAM console shows it on the role&apos;s page, for example %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The role ARN is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is the ARN of a role session, not of a role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not the ARN of an IAM role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use 2 to 64 characters: letters, digits and + = , . @ _ -.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The role session name has %n character(s).</source>
        <translation>
            <numerusform>The role session name has %n character.</numerusform>
            <numerusform>The role session name has %n characters.</numerusform>
        </translation>
    </message>
    <message>
        <source>The role session name contains %1, which STS does not allow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the external ID exactly as the role&apos;s owner gave it: 2 to 1224 characters of letters, digits and + = , . @ : / _ -.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The external ID has %n character(s).</source>
        <translation>
            <numerusform>The external ID has %n character.</numerusform>
            <numerusform>The external ID has %n characters.</numerusform>
        </translation>
    </message>
    <message>
        <source>The external ID contains %1 at position %2, which STS does not allow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session duration of %1 seconds is outside the range STS accepts, %2 to %3 seconds (15 minutes to 12 hours).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a duration in that range. The role&apos;s own maximum may be lower: one hour unless its owner raised it, and always one hour when a role assumes a role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give a region code such as us-east-1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No region is set for STS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not an AWS region code.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::aws::AwsConfigFile</name>
    <message>
        <source>This line is not valid UTF-8 text and is ignored. Save the file as UTF-8.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This section header has no closing “]”; it and the settings under it are ignored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This section header has text after its closing “]”; it and the settings under it are ignored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This section header is empty; it and the settings under it are ignored. Write [default] or [profile NAME].</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This [profile] header has no profile name; it and the settings under it are ignored. Write [profile NAME].</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This profile name contains a space, which profile names cannot hold; the section and the settings under it are ignored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This setting comes before any section header, so it belongs to no profile and is ignored. Put it under [default] or [profile NAME].</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This line is not a “key = value” setting, a [section] header or a comment, and is ignored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This line has “=” but no key before it, and is ignored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This line is indented more than the setting “%1” on line %2, so it would continue that value over several lines, which is not supported; it is ignored. Remove the indentation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This line among the nested settings of “%1” is not a “key = value” setting and is ignored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More lines from this one on (%1 in all) also have problems and were ignored; fix the ones reported above first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The setting “%1” comes before any section header, so it belongs to no profile and is ignored. Put it under [default] or [profile NAME].</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::aws::AwsEnvironment</name>
    <message>
        <source>%1 is set but %2 is not.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set both variables, or neither.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An access key ID is one word of letters and digits, such as AKIAIOSFODNN7EXAMPLE; check for a copy-and-paste mistake.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 contains a blank or a line break.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 contains quotation marks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the quotes: they are not part of the key ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 contains “/” or “+”, which access key IDs never hold.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It may be the secret access key: check that the key ID and the secret were not swapped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 contains characters other than the letters A to Z and the digits 0 to 9.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AWS access key IDs are 16 to 128 characters long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check for a copy-and-paste mistake: secrets are one word.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 contains a line break, a tab or another invisible character.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 contains a blank.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is wrapped in quotation marks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the quotes: they are not part of the secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is set but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A session token belongs to temporary keys: set all three variables, or unset %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not an ISO 8601 date and time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write it like 2025-01-31T12:00:00Z, or unset it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 starts with “Bearer ”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set it to the API key alone; the word Bearer is added when the request is sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 contains a line break or another control character.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set it to the name of a profile in your AWS config files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the quotes: they are not part of the profile name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not an AWS region code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set it to a region code such as us-east-1 (not a region&apos;s name, and not an Availability Zone such as us-east-1a).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is too short to be an access key ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is too long to be an access key ID.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::aws::AwsProfileResolver</name>
    <message>
        <source>“%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the config file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the credentials file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mantle Playground cannot get credentials this way yet. Run “aws configure export-credentials --profile %1 --format env” and use the variables it prints, or give the profile access keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a folder, not an AWS configuration file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point AWS_CONFIG_FILE or AWS_SHARED_CREDENTIALS_FILE at a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that your user may read the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is larger than 1 MiB, too large to be an AWS configuration file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, line %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has a section [%2] on line %3, but in that file a profile&apos;s header is written [profile %2].</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the name; the profiles defined are: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Neither file defines a profile yet; run “aws configure --profile %1” to add one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The AWS profile “%1” does not exist in %2 or %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>duration_seconds of the profile “%1” (%2) is not a whole number of seconds from %3 to %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use 3600 for one hour, or remove the setting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile “%1” (%2) assumes its role with a web identity token (web_identity_token_file), which is not supported yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile “%1” (%2) has role_arn but neither source_profile nor credential_source.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add source_profile = NAME, the profile whose keys assume the role, or credential_source = Environment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile “%1” (%2) has both source_profile and credential_source.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep only one of them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The role_arn of the profile “%1” (%2) is not an ARN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write it like arn:aws:iam::123456789012:role/NAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile “%1” (%2) takes its credentials from the environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set both variables, or change credential_source.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile “%1” (%2) takes its credentials from %3, which is not supported yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The credential_source of the profile “%1” (%2) is not one the AWS CLI knows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use Environment, Ec2InstanceMetadata or EcsContainer (spelled with these capitals).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile “%1” (%2) names source_profile “%3”, which does not exist in %4 or %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profiles %1 name each other as source_profile in a loop (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give one profile of the chain aws_access_key_id and aws_secret_access_key, or credential_source.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1; the source_profile of “%2”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile %1 (%2) signs in with IAM Identity Center (%3), which is not supported yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile %1 (%2) has %3 but no %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add %1 next to %2, or remove both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of the profile “%2” (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile %1 (%2) gets its credentials from an external program (credential_process), which is not supported yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile %1 (%2) has credential_source but no role_arn.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>credential_source only says which credentials assume role_arn; add role_arn, or give the profile access keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile %1 (%2) holds no credentials.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add aws_access_key_id and aws_secret_access_key to [%1] in %2, or role_arn and source_profile to it in %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key “%1” is ignored because keys are case-sensitive; write it as “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::aws::BedrockToken</name>
    <message>
        <source>This is not a short-term Bedrock API key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A short-term key starts with “bedrock-api-key-” followed by base64; long-term keys (“ABSK…”) cannot be read back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A short-term API key needs an access key id and a secret access key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a region code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give a region such as us-east-1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A short-term API key lives from %1 to %2 seconds, not %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The credentials have expired.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renew them, then generate the key again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it does not start with “bedrock-api-key-”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing follows the prefix.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>what follows the prefix is not base64.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it does not hold a presigned URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its URL has no %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not signed with AWS4-HMAC-SHA256.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its credential scope is malformed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its X-Amz-Date is malformed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its X-Amz-Expires is not a positive number of seconds.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::aws::RequestUrl</name>
    <message>
        <source>Give a full URL such as https://bedrock-mantle.us-east-1.api.aws/v1/models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a URL: it has no scheme (https://).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” uses the scheme “%2”; only https and http are supported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” carries a user name or password; credentials never go in a URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” has no valid host name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” has an invalid port.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::aws::StaticCredentialProvider</name>
    <message>
        <source>No complete AWS credentials were given: an access key id and a secret access key are needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give both the access key id and the secret access key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The credentials with the access key id %1 expired at %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give fresh credentials: temporary credentials last 12 hours at most.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::aws::StsClient</name>
    <message>
        <source>Give the STS endpoint as https://host[:port]/, or http://127.0.0.1:PORT/ for a local test server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a valid STS endpoint URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The STS endpoint “%1” has a user name, query or fragment; give only the scheme, host, port and path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The STS endpoint “%1” uses plain http, which is only allowed for this computer (127.0.0.1, ::1 or localhost).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use https: the request carries a session token and the answer carries credentials.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not connect to STS at %1: the connection was refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the STS endpoint and that nothing (a firewall, a proxy) blocks it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not find the STS host of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the region, the network connection and the DNS or proxy settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>STS at %1 did not answer within %n second(s).</source>
        <translation>
            <numerusform>STS at %1 did not answer within %n second.</numerusform>
            <numerusform>STS at %1 did not answer within %n seconds.</numerusform>
        </translation>
    </message>
    <message>
        <source>Check the network connection and the proxy settings, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secure connection to STS at %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A proxy that inspects TLS may be in the way, or the system&apos;s certificates may be out of date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not reach STS at %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The source credentials are incomplete: STS needs an access key id and a secret access key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the keys of the identity that may assume the role %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The source credentials expired at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh the source credentials, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The answer from %1 is larger than %n KiB, so it is not an STS answer.</source>
        <translation>
            <numerusform>The answer from %1 is larger than %n KiB, so it is not an STS answer.</numerusform>
            <numerusform>The answer from %1 is larger than %n KiB, so it is not an STS answer.</numerusform>
        </translation>
    </message>
    <message>
        <source>Something other than AWS may have answered, such as a proxy or a captive portal: check the network, the proxy settings and the STS endpoint.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::aws::StsResponseParser</name>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something other than AWS may have answered, such as a proxy or a captive portal: check the network, the proxy settings and the STS endpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STS at %1 answered HTTP %2 with an empty body (content type: %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer from %1 (HTTP %2, content type: %3) is not an STS answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no message)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STS refused to let the source credentials assume the role (AccessDenied): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The source credentials need permission for sts:AssumeRole on %1, the role&apos;s trust policy must allow them, and the external ID must match the trust policy&apos;s sts:ExternalId condition exactly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The source credentials need permission for sts:AssumeRole on %1, and the role&apos;s trust policy must allow them. If the trust policy requires an external ID (sts:ExternalId), give it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The source credentials have expired (ExpiredToken): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh the source credentials (sign in again or get a new session token), then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AWS does not know the access key id %1 (InvalidClientTokenId): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the source access key id: the key may have been deleted or deactivated, belong to another AWS partition, or, for temporary credentials, come with the wrong session token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STS rejected the request&apos;s signature (SignatureDoesNotMatch): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer&apos;s clock is off: set it to the correct time and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret access key is wrong for the access key id %1: check it (and that no space or line break was copied with it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STS is not activated in the region %1 for this account (RegionDisabledException): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enable the region in the account&apos;s settings (AWS console, Account, AWS Regions) or use another region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STS refused a parameter of the request: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correct the parameter STS names and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STS answered HTTP %1 with the error %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The AssumeRole answer from %1 (HTTP %2, content type: %3) lacks the fields %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The AssumeRole answer from %1 has an expiry that is not an ISO 8601 time: “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::cli::AccountsCommand</name>
    <message>
        <source>Run `mantle accounts --help` for the usage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>`%1` takes %n argument(s).</source>
        <translation>
            <numerusform>`%1` takes %n argument.</numerusform>
            <numerusform>`%1` takes %n arguments.</numerusform>
        </translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secrets are read from stdin: for access-key, the secret access key and,
on a second line, an optional session token; for api-key, the API key.
Without stdin they come from AWS_SECRET_ACCESS_KEY (and
AWS_SESSION_TOKEN) or AWS_BEARER_TOKEN_BEDROCK. They are kept in the
keychain, never in a file. Settings: MANTLE_CONFIG_DIR, else
$XDG_CONFIG_HOME/Mantle Playground.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown command “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give the API key on stdin (or in AWS_BEARER_TOKEN_BEDROCK).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give the secret access key on stdin (or in AWS_SECRET_ACCESS_KEY).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stdin holds %1 lines; expected at most %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret access key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A Mantle region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>access-key, api-key or role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The access key id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The role to assume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The access-key account that assumes it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The AWS profile that assumes it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The role&apos;s external ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The role session name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The role session&apos;s length, 900 to 43200 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An endpoint override (root URL).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--auth takes access-key, api-key or role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--access-key-id is for --auth access-key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--role-arn and the other role flags are for --auth role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a role takes one of --source-account and --source-profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--duration takes a number of seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added account “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(broken: %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>auth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>access key id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>secret access key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in the keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>role ARN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>external ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>session name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>source account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>source AWS profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renamed account “%1” to “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed account “%1” and its secrets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account “%1” works.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported the settings of “%1” (no secrets).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new account&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The accounts&apos; name prefix (default: env).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment holds no AWS credentials to import.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add, list, show, remove and test accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>which command? add, list, show, rename, remove, test, policy, export, import, import-aws or import-env.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model of the tiny request (default: the first listed Chat Completions model).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account “%1”: %2 in %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the IAM principal of account “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the IAM principal of AWS profile “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>note: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fix: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The AWS account id of the resources (default: the role&apos;s, else *).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave out the Marketplace statement for third-party models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For a role: the ARN of the principal that assumes it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--account-id takes a 12-digit AWS account id.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::cli::CompareCommand</name>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TTFT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tok/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tool call %1: %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send one prompt to several models, regions or APIs at once and compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run `mantle compare --help` for the options.</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A target, e.g. api=messages,model=anthropic.claude-haiku-4-5,region=us-west-2 (repeat for each, 1 to 6).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare --model through every answer API the model catalogue says it serves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the table as CSV (RFC 4180) instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--csv and --json cannot be combined.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>compare does not run background responses.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--cross-api and --target cannot be combined.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give the targets with --target SPEC, or --cross-api.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--cross-api needs --model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The target is not known.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>mantle compare: %n of %1 targets failed.</source>
        <translation>
            <numerusform>mantle compare: %n of %1 targets failed.</numerusform>
            <numerusform>mantle compare: %n of %1 targets failed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mantle::cli::EmulatorCommand</name>
    <message>
        <source>Run a local Mantle emulator on 127.0.0.1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::cli::Mantle</name>
    <message>
        <source>Usage: mantle COMMAND [OPTIONS]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try prompts against Amazon Bedrock Mantle from the command line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Options:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this help; `mantle COMMAND --help` shows a command&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mantle: unknown command “%1”. Run `mantle --help` for the list.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::cli::ModelsCommand</name>
    <message>
        <source>Run `mantle models --help` for the options.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List the models of a region: live, catalogue and custom</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print a table: id, surfaces, route prefix, region, source (live, catalogue or custom), input and output price per million tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send no request: list the built-in catalogue and the account&apos;s custom models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--details and --json cannot be combined.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::cli::RegionsCommand</name>
    <message>
        <source>Run `mantle regions --help` for the options.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which of the 13 regions serve a model, with a latency probe</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model to look for in each region&apos;s list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An account of the app (see `mantle accounts`).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send every region&apos;s request to this root URL instead of the region&apos;s own (plain http only to loopback).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the result as JSON instead of a table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--account must not be empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--endpoint: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--model must not be empty.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::cli::ReplayCommand</name>
    <message>
        <source>Run `mantle replay --help` for the options.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read a recorded stream or answer body and print the turn as JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feeds a recorded server-sent event stream (or a non-streamed JSON answer body)
through the parser and accumulator of one API and prints the final turn as
JSON: {text, reasoning, tool_calls, usage, stop_reason, response_id, error}.
An error the stream reports is part of the turn; the exit code is still 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The API that produced the recording: chat, responses or messages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recorded stream or answer body.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--api is required (chat, responses or messages).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--api “%1” is not one of chat, responses, messages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name the FILE to replay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::cli::RequestCommand</name>
    <message>
        <source>Send a prompt with the Chat Completions API and print the answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send a prompt with the Responses API and print the answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send a prompt with the Anthropic Messages API and print the answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count the input tokens of a Messages request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run `mantle %1 --help` for the options.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1.
Credentials come from AWS_BEARER_TOKEN_BEDROCK, else AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>count-tokens does not stream.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected argument “%1” (the stored-response actions are get, delete and cancel).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 takes exactly one response id.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::cli::RequestOptions</name>
    <message>
        <source>%1: cannot read “%2”: %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: “%2” is not JSON (%3 at byte %4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--tools: “%1” must hold a JSON array of tools.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model id, e.g. openai.gpt-oss-120b.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The prompt (read from stdin when absent).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system prompt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The most tokens to generate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sampling temperature, 0 to 2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How hard a reasoning model thinks: low, medium or high.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A JSON file with an array of tools in the API&apos;s own shape.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>auto, none, required or the name of a tool to call.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A JSON Schema file the answer must follow (structured output).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue from a stored response (responses only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the server not to store the response (responses only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stream the answer, printing text as it comes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the final turn as JSON instead of the text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The AWS region (default: AWS_REGION or AWS_DEFAULT_REGION).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The root URL to send to instead of the region&apos;s Mantle host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--region must not be empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--endpoint: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--model is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give the prompt with --prompt TEXT or on stdin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--max-tokens takes a positive whole number, not “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--temperature takes a number from 0 to 2, not “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--reasoning-effort takes low, medium or high, not “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--tool-choice takes auto, none, required or a tool&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--schema: “%1” must hold a JSON Schema object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the response in the background and follow it until it is done (responses only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--background is for the responses command only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--background and --stream do not go together: a background response is followed by asking for it until it is done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--background needs the response stored: drop --no-store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An account of the app (see `mantle accounts`).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--account must not be empty.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::cli::RequestRunner</name>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No region: give --region R or set AWS_REGION.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AWS profiles are not supported by the CLI yet (%1 is set).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the profile&apos;s keys as AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (for example with `aws configure export-credentials --format env`), or set AWS_BEARER_TOKEN_BEDROCK.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No credentials in the environment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tool call %1: %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer ended with an error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The count tokens answer has no input_tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Background response %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No region: give --region R, --account A or set AWS_REGION.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No region answered.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::cli::SignCommand</name>
    <message>
        <source>Run `mantle sign --help` for the options.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign a request with SigV4 and print the signature as JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signs one HTTP request with AWS Signature Version 4 and prints JSON:
{canonical_request, string_to_sign, signature, authorization, headers, url}.
Credentials come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
AWS_SESSION_TOKEN; nothing is sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The HTTP method (GET).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The full request URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A header to sign, as &apos;Name: value&apos; (repeatable).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A file whose bytes are the request body.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signing region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signing service (bedrock-mantle).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signing time, YYYYMMDDTHHMMSSZ (now).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not add and sign the x-amz-content-sha256 header.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign as a presigned URL valid for SECONDS instead of with a header.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--url is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--region is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a region code such as us-east-1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mantle is not served in “%1”. Its regions are: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a service name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--time “%1” is not of the form YYYYMMDDTHHMMSSZ (for example 20260101T120000Z).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--presign takes a number of seconds from 1 to 604800.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--method must not be empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--header “%1” is not of the form &apos;Name: value&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the body file “%1”: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No AWS credentials in the environment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::cli::SnippetCommand</name>
    <message>
        <source>--spec: cannot read “%1”: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--spec: “%1” does not hold a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--spec: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print a request as a program (Python, TypeScript, curl)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run `mantle snippet --help` for the options.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1.
The program reads its credentials from the environment when it runs
(AWS_BEARER_TOKEN_BEDROCK, or the AWS_* key variables or AWS_PROFILE for SigV4);
this command reads none and sends nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The API: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A request description (RequestSpec JSON) instead of the request flags.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--lang is required (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--lang takes %1, not “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--api takes %1, not “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--spec replaces --%1: give one or the other.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--api %1 does not match the spec&apos;s API (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--api is required (%1).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::cli::TokenCommand</name>
    <message>
        <source>Run `mantle token --help` for the options.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A short-term API key is made from SigV4 credentials (access keys or a role), not from another API key: use such an account, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make a short-term Bedrock API key from SigV4 credentials</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long the key lives, in seconds: %1 to %2 (the default).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--expires-in takes seconds from %1 to %2, not “%3”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account “%1” uses an API key: it has no SigV4 credentials.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment has an API key (AWS_BEARER_TOKEN_BEDROCK) but no SigV4 credentials.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No credentials in the environment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials), or give --account A.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No region: give --region R, --account A or set AWS_REGION.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not one of Mantle&apos;s regions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expires at %1 (region %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key lives %1 seconds only: the temporary credentials it was made from expire then.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::codeexport::SnippetGenerator</name>
    <message>
        <source>A %1 request cannot be exported as %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No language fits this API.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Languages that fit: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown snippet language.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::compare::CompareRun</name>
    <message>
        <source>No target to compare.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add at least one target.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 targets are too many: at most %2 are compared at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove some targets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target %1 names no model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target %1 uses the %2 API, which gives no answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The target “%1” is given twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No way to resolve the target is set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The comparison was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::compare::CompareTarget</name>
    <message>
        <source>A target reads like api=chat,model=openai.gpt-oss-120b,region=us-east-1,account=NAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The target item “%1” is not of the form key=value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The target item “%1” has an unknown key (the keys are api, model, region and account).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The target item “%1” repeats the key “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The target item “%1” has no value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The target item “%1” names no answer API (the APIs are chat, responses and messages).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The target “%1” names no model.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::compare::RegionMatrix</name>
    <message>
        <source>Unknown error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No way to reach the region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::emulator::EmulatorProgram</name>
    <message>
        <source>Run `%1 --help` for the options.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A local Amazon Bedrock Mantle on 127.0.0.1, for tests and demos.
It accepts SigV4 with the access key id AKIDMANTLEEMULATOR and the secret
mantle-emulator-secret, and the API key mantle-emulator-key (Authorization:
Bearer, or x-api-key under /anthropic). A request can ask for faults with the
header x-emulator-fault (latency=MS; status=CODE; retry-after=S; access-denied;
wrong-prefix; drop-after=N; malformed-after=N; stall-after=N) and for a pace
between stream events with x-emulator-pace: MS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The port on 127.0.0.1 (0, the default, picks a free one).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The region of requests whose signature or Host names none (default us-east-1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Milliseconds between two events of a streamed answer (default 0: all at once); a request&apos;s x-emulator-pace header overrides it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stream without chunked encoding, ending each stream by closing the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log every request on standard error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--port takes a number from 0 to 65535, not “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--region must be one of the Mantle regions (%1), not “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--pace-ms takes milliseconds from 0 to %1, not “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot listen on 127.0.0.1:%2: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::emulator::FaultPlan</name>
    <message>
        <source>The fault “%1” takes no value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fault “%1” needs a value (%1=N).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown fault “%1” (known: latency, status, retry-after, access-denied, wrong-prefix, drop-after, malformed-after, stall-after).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fault “%1” needs a number from %2 to %3, not “%4”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fault “retry-after” goes with a “status” fault.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ApiSurface</name>
    <message>
        <source>Chat Completions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Responses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List models</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::mantle::CostLedger</name>
    <message>
        <source>A cost total has no valid amount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cost ledger is not in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cost ledger has an invalid day &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::mantle::Endpoint</name>
    <message>
        <source>Give the root URL to which /v1, /openai/v1 or /anthropic/v1 is added, such as https://bedrock-mantle.us-east-1.api.aws, or http://127.0.0.1:8080 for a local emulator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No endpoint URL is given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” has no scheme.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start it with https:// (or http:// for a local emulator on this computer).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The endpoint URL contains a user name or password (the part before “@”).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove it: credentials belong in the account or the environment, never in the URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a valid URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” uses the scheme “%2”, which an endpoint cannot use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” has no host name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” has an invalid port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give a port from 1 to 65535, or none for the scheme&apos;s default.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” has a query (“?…”), which an endpoint cannot have.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” has a fragment (“#…”), which an endpoint cannot have.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” uses plain http to %2, which is not this computer: credentials and prompts would travel unencrypted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use https://. Plain http:// is only for a local emulator on 127.0.0.1, ::1 or localhost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” has “.” or “..” in its path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” already ends with the route “%2”, which is added to every request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the root URL without it: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No region is set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose one of the regions that serve Bedrock Mantle: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The region “%1” does not serve Bedrock Mantle.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not an AWS region code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use one of the regions that serve Bedrock Mantle: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the path prefix out in full, such as https://gateway.example.com/mantle.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelCatalogue</name>
    <message>
        <source>The model catalogue is not a JSON object: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model catalogue has no &quot;models&quot; list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model catalogue lists %1 twice.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelInfo</name>
    <message>
        <source>The surfaces must be a list of names such as &quot;chat&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown API surface &quot;%1&quot;; known are: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A model entry has no id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The context size of %1 must be a whole number of tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The prices of %1 must be an object or null.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelList</name>
    <message>
        <source>The model list answer is not an OpenAI-style list of models.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelPrices</name>
    <message>
        <source>The price &quot;%1&quot; must be a number of zero or more.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelSettings</name>
    <message>
        <source>A model setting has no valid model id (&quot;%1&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model %1: %2 is not a Mantle region; Mantle serves %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model %1: the route prefix must be &quot;v1&quot; or &quot;openai-v1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a model id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the bare id that the model list shows, such as openai.gpt-oss-120b.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model settings list %1 twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model picker&apos;s list is not a list of model ids.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::mantle::RouteResolver</name>
    <message>
        <source>No model is chosen for the %1 request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose one of the models the region serves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a valid resource path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give non-empty path segments such as responses/resp_123/cancel, with anything but letters, digits and -._~ percent-encoded.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::net::HttpCall</name>
    <message>
        <source>The request to %1 was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are no AWS credentials to sign the request to %1 with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an account with AWS credentials, or use an API key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the network connection and the proxy settings, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not connect to %1: the connection was refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the endpoint URL and that nothing (a firewall, a proxy) blocks it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not find the host %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the region or endpoint, the network connection and the DNS or proxy settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to %1 was closed before the answer was complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secure connection to %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A proxy that inspects TLS may be in the way, or the system&apos;s certificates may be out of date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not reach %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not connect to %1 within %2 seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sent nothing for %2 seconds, so the request was stopped.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::net::SseParser</name>
    <message>
        <source>Server-sent events come in short lines. Check that the endpoint is the one you meant and that no proxy in between changes the answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The event stream sent a line longer than %1 and was stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The event stream sent an event larger than %1 and was stopped.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::BackgroundPoller</name>
    <message>
        <source>Stopped following the background response %1; it goes on running on the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The background response %1 was still “%2” after %3 seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It goes on running on the server: look it up later with its id.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::MantleCall</name>
    <message>
        <source>The request was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::RequestRecord</name>
    <message>
        <source>a [name, value] pair</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::RouteMemory</name>
    <message>
        <source>Could not read the learned routes in %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The learned routes in %1 are not valid JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the file; routes are learned again as needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the learned routes to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::StoredResponseCall</name>
    <message>
        <source>The server did not confirm that the response %1 was deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::TokenCounter</name>
    <message>
        <source>Tokens are counted for Messages requests only, not for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The count tokens answer has no input_tokens.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::TurnCall</name>
    <message>
        <source>The %1 API takes no request body.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 API does not answer with a turn.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stream from %1 ended before the answer was complete: its final event never came.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What arrived is kept; try the request again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::schema::SchemaValidator</name>
    <message>
        <source>an integer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a boolean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>null</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not allowed here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected %1, got %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the required property &quot;%1&quot; is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the property &quot;%1&quot; is not allowed (additionalProperties)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not one of the allowed values %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not one of the allowed values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not the expected value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is above the maximum %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be less than %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is below the minimum %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be greater than %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a multiple of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has %1 items, at most %2 allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has %1 items, at least %2 needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the text is longer than %1 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the text is shorter than %1 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has more than %1 properties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has fewer than %1 properties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not match the pattern %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not match the pattern</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>items %1 and %2 are equal, but the items must be unique</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the property &quot;%1&quot; is missing (dependencies)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>matches none of the schemas in anyOf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>matches none of the schemas in oneOf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>matches more than one of the schemas in oneOf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>matches the schema in &quot;not&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>does not satisfy the if/then/else condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has more items than the schema allows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has no item that matches &quot;contains&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a valid %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is not allowed by the schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>does not match its schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>does not match the schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A schema is a JSON object (or true or false), not %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The schema refers to another document; only local references (&quot;#/...&quot;) are supported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The schema is not valid: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The schema is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no valid schema to check against</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the value could not be checked: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the value could not be checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the schema allows no value here</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::schema::SchemaViolation</name>
    <message>
        <source>(root)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::schema::StrictModeCheck</name>
    <message>
        <source>The root of the schema must be an object, not &quot;anyOf&quot;: make the root an object and put the alternatives in one of its properties.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The root of the schema must be an object (&quot;type&quot;: &quot;object&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The root of the schema must say &quot;type&quot;: &quot;object&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strict mode does not take true or false as a schema: write the schema out (with a &quot;type&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strict mode does not take a list of schemas in &quot;items&quot; (a tuple): give one schema that every item follows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put &quot;%1&quot; at the root of the schema; strict mode does not read definitions further in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The format &quot;%1&quot; is not supported in strict mode (supported: date-time, time, date, duration, email, hostname, ipv4, ipv6, uuid).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strict mode only follows references within the schema (&quot;#/$defs/...&quot;), not &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strict mode does not support &quot;oneOf&quot;; merge it with the &quot;anyOf&quot; next to it by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strict mode does not support &quot;oneOf&quot;; &quot;anyOf&quot; is the alternative it takes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strict mode does not support &quot;allOf&quot;: merge its schemas into one by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strict mode does not support the keyword &quot;%1&quot;: the request would be refused. Removing it loosens the schema; answers are still checked against it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strict mode needs a &quot;type&quot; here (or &quot;anyOf&quot;, &quot;enum&quot;, &quot;const&quot; or &quot;$ref&quot;): a schema that allows anything is not supported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;type&quot; must be a type name or a list of them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a type strict mode supports (string, number, integer, boolean, object, array, null).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This schema has properties but no &quot;type&quot;: strict mode needs &quot;type&quot;: &quot;object&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Objects are nested %1 levels deep here; strict mode allows at most %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strict mode needs &quot;additionalProperties&quot;: false on every object, so that the answer has exactly the properties listed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strict mode needs every property in &quot;required&quot;; &quot;%1&quot; is not. An optional property is written as required and nullable (its type allows null).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This enum has %1 values of %2 characters in all; with more than %3 values strict mode allows at most %4 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The schema has %1 object properties; strict mode allows at most %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The schema has %1 enum values; strict mode allows at most %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Property names, definition names, enum and const values come to %1 characters; strict mode allows at most %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::schema::StrictModeFinding</name>
    <message>
        <source>Set &quot;additionalProperties&quot; to false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &quot;%1&quot; to &quot;required&quot; and allow null for it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace &quot;oneOf&quot; with &quot;anyOf&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &quot;type&quot;: &quot;object&quot;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::sessions::Session</name>
    <message>
        <source>&quot;user&quot;, &quot;assistant&quot; or &quot;tool&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a Mantle Playground session: the field &quot;%1&quot; is not &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is invalid: expected a whole number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This session was written by a newer version of the app (session format %1; this version reads up to %2), so it is left untouched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Update Mantle Playground to open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is invalid: expected a session id (letters, digits and &apos;-&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untitled session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tool call `%1` (id `%2`):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped before the answer was complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tool result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For the tool call `%1`:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tool reported an error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Markdown file has no conversation in it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give each turn a heading: “## User” or “## Assistant”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (fork)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::sessions::SessionStore</name>
    <message>
        <source>&quot;%1&quot; is not a session id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the session file &quot;%1&quot;: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at byte %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session file &quot;%1&quot; is not valid JSON: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session file &quot;%1&quot; cannot be used: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the file &quot;%1&quot;: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the folder exists, is writable and has free space.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the sessions folder &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is not overwritten.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session file &quot;%1&quot; does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is not deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move or delete the file yourself if you no longer need it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot delete the session file &quot;%1&quot;: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read &quot;%1&quot;: %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::AboutDialog</name>
    <message>
        <source>About Mantle Playground</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mantle Playground %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A desktop playground for Amazon Bedrock Mantle.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qt %1 (built with Qt %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (built with %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Licences:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The licence of Mantle Playground:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Mantle Playground&lt;/b&gt;&lt;br&gt;Version %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::AccountEditor</name>
    <message>
        <source>Add Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authentication method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assumed role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Authentication:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access key ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access key &amp;ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret access key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Secret access key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session &amp;token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role ARN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role &amp;ARN:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>External ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xternal ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session na&amp;me:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session duration in seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Duration:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source of the credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another account&apos;s keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An AWS profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credentials &amp;from:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source a&amp;ccount:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AWS profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AWS &amp;profile:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: the region&apos;s Mantle endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Endpoint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N&amp;otes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To change the authentication method, remove the account and add it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unchanged (stored in the keychain)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is already an account “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret access key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is required.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::AccountsDialog</name>
    <message>
        <source>Access key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assumed role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import from AWS Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Broken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the account “%1” and its secrets from the keychain?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No AWS profiles found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported the AWS profile as “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checks the selected account&apos;s credentials, region, models and one tiny request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection test steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the IAM principal of account “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the IAM principal of AWS profile “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing “%1”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” works.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” does not work.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” does not work: the step “%2” failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IAM &amp;Policy…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shows the least-privilege IAM policy the selected account needs, ready to copy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Short-term API &amp;key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Makes a short-term Bedrock API key from the selected account&apos;s SigV4 credentials, to copy or to use for this session.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::AppOptions</name>
    <message>
        <source>mantle-playground: %1
Run “mantle-playground --help” for the options.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A desktop playground for Amazon Bedrock Mantle.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start with the demo account, served by the built-in local emulator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the saved session FILE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit (exit code 0) as soon as the main window has been painted once; for start-up benchmarks and smoke checks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--session was given more than once; give one session file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--session needs the path of a session file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use this language for this run instead of the one chosen in Preferences: %1, or “system”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CODE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the app works here (window, translations, the request pipeline against the built-in emulator), print what was checked and exit: 0 when all works, 1 when not.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no language “%1”; choose one of %2, or “system”.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::ChainView</name>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each answer follows the one it continues; a branch (a fork, or an answer continued twice) is indented under the answer it starts from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored responses are kept for 30 days in the region of the request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue from here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fork here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrieve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete stored response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Poll status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel background response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resp_…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A retrieved response is shown here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answers yet: the answers of saved sessions appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 in · %2 out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>$%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>local only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept by Mantle in %1 under its response id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept only in this app&apos;s history: continuing re-sends the conversation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n new message(s) + previous response</source>
        <translation>
            <numerusform>%n new message + previous response</numerusform>
            <numerusform>%n new messages + previous response</numerusform>
        </translation>
    </message>
    <message>
        <source>Sent with previous_response_id %1; the earlier turns stayed on the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) re-sent</source>
        <translation>
            <numerusform>%n message re-sent</numerusform>
            <numerusform>%n messages re-sent</numerusform>
        </translation>
    </message>
    <message>
        <source>The whole conversation was sent with the request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a response id (resp_…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the stored response %1 from Mantle? Answers that continue from it can no longer be continued by its id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to any account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleting %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrieving %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not stored: it was deleted, has expired (after 30 days) or was made in another region or account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Following the background response %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Background response %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::CodeExportDialog</name>
    <message>
        <source>Export as Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 request to %2, sent to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the code to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the code to a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No language can express a request of this kind (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This request cannot be written as %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reads the Bedrock API key from the environment variable %1 when it runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signs with SigV4 using botocore&apos;s credentials: %1, %2 and %3, or the profile named by %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signs with SigV4 (curl 7.75 or newer) using %1 and %2, and %3 for temporary credentials.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no code to save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the file “%1”: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved “%1”, but could not make it executable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Python programs (*.py)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JavaScript and TypeScript modules (*.mjs *.js *.ts)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shell scripts (*.sh)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::CompareColumn</name>
    <message>
        <source>Reasoning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue with This</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a new session with this target, the prompt and this answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>streaming</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tool call: %1(%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::CompareTableModel</name>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TTFT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::CompareTargetRow</name>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove this target</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::CompareWindow</name>
    <message>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Side by Side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Across &amp;APIs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Regions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first target is now %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session was saved but could not be opened now: stop the answer that is streaming first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Prompt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Targets (account, region, model, API):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;dd Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the prompt to every target at once (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;ync scrolling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparison table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Co&amp;ntinue with This</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a new session with the selected row&apos;s target, the prompt and its answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a prompt first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model for every target.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every target answered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Done; %n target(s) failed.</source>
        <translation>
            <numerusform>Done; %n target failed.</numerusform>
            <numerusform>Done; %n targets failed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sending to %n target(s)…</source>
        <translation>
            <numerusform>Sending to %n target…</numerusform>
            <numerusform>Sending to %n targets…</numerusform>
        </translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Comparison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>comparison.csv</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied the table as CSV.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That target has not answered yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a row of the table first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::ConversationView</name>
    <message>
        <source>Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The prompts and answers of this session. Up and Down select an item; the context menu copies, edits, deletes or re-runs it; Ctrl+C copies the selected item&apos;s text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-run from Here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::CostChart</name>
    <message>
        <source>Cost chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n bars, %1 USD in all</source>
        <translation>
            <numerusform>%n bars, %1 USD in all</numerusform>
            <numerusform>%n bars, %1 USD in all</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 to %2: %3 USD, %4 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n answer(s) without a price</source>
        <translation>
            <numerusform>%n answer without a price</numerusform>
            <numerusform>%n answers without a price</numerusform>
        </translation>
    </message>
    <message>
        <source>Cost (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::CostTableModel</name>
    <message>
        <source>No price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catalogue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catalogue (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unpriced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part of the output tokens, and billed with them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model had no known price when this answer came.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (this answer kept its total only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No price was known for this model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priced by an earlier version, which did not keep the prices it used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your own prices for this model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The catalogue&apos;s list prices.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As of: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cache write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cached cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cache write cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total (USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prices</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::CostView</name>
    <message>
        <source>Costs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This session:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All sessions:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost and tokens of each answer of this session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last %1 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost and tokens per day over every session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the cost ledger as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every answer of every session, with its tokens, cost and price source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost of each answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the file &quot;%1&quot;: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The costs could not be exported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Costs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 USD · %n answer(s)</source>
        <translation>
            <numerusform>%1 USD · %n answer</numerusform>
            <numerusform>%1 USD · %n answers</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 tokens in, %2 out</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n without a price</source>
        <translation>
            <numerusform>%n without a price</numerusform>
            <numerusform>%n without a price</numerusform>
        </translation>
    </message>
    <message>
        <source>(reading the other sessions…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 USD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer %1 (%2), %3
%4, %5 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer of this session has reported its usage yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1: %2 USD, %n answer(s), %3 tokens</source>
        <translation>
            <numerusform>%1: %2 USD, %n answer, %3 tokens</numerusform>
            <numerusform>%1: %2 USD, %n answers, %3 tokens</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mantle::ui::CrossApiView</name>
    <message>
        <source>&amp;Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run All APIs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the request through every API the model serves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the models…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model list does not say which APIs this model serves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n API(s) serve this model. The payloads below are what each would send.</source>
        <translation>
            <numerusform>%n API serve this model. The payloads below are what each would send.</numerusform>
            <numerusform>%n APIs serve this model. The payloads below are what each would send.</numerusform>
        </translation>
    </message>
    <message>
        <source>Payload for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raw usage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not sent yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This request cannot be sent: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No API to send to: choose a model the list knows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every API answered or failed; usage is shown as each reported it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Sending through %n API(s)…</source>
        <translation>
            <numerusform>Sending through %n API…</numerusform>
            <numerusform>Sending through %n APIs…</numerusform>
        </translation>
    </message>
    <message>
        <source>not reported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input %1 · output %2 · cached %3 · reasoning %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No usage reported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Streaming…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::DemoDriver</name>
    <message>
        <source>The window has no page for this API.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model list does not offer %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer within %1 ms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer was empty.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::IamPolicyDialog</name>
    <message>
        <source>Allow subscribing to third-party (Marketplace) models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identity policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IAM Policy for “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach it to the IAM user that owns the API key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach it to the role %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach it to the IAM user or role of the access key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The least-privilege policy for this account in %1: only what Mantle Playground needs. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AWS account id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>12 digits; empty: any account (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AWS &amp;account id:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An AWS account id has 12 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identity policy:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the identity policy&apos;s JSON (it holds no secret).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust policy of the role (who may assume it):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy &amp;Trust Policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the policy above to grant only what the playground needs, for this region; attach the managed policy when you would rather have AWS keep the permissions up to date as Mantle changes, or when several regions and tools share the principal.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::InspectorView</name>
    <message>
        <source>Header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an answer to see its request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request, response and timing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Res&amp;ponse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Timing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method and URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request headers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Body</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ra&amp;w</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the exact request bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the body byte for byte as it was sent, not indented.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request body</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No body</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response headers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server-sent events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data of the selected event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an event to see its data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;aw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the exact response bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the body byte for byte as it arrived, not indented.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response body</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Route prefix:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Route prefix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to first byte:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to first byte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to first token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to first token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens per second:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Truncated:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Truncated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the answer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer arrived.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · request id %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (retries: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (switched after a wrong-prefix answer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes: only the first %1 events and %2 MB of body were kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>streaming, %1 events so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms in total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>first token after %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>retries: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>route switched to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>truncated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy as c&amp;url</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy this request as a curl command that reads the credentials from the environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xport as code…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this request as a Python, TypeScript or curl program</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::MainWindow</name>
    <message>
        <source>Mantle Playground</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Mantle Playground</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo mode: the “%1” account answers from the emulator built into the app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Accounts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Models…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the region again for its models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo: offline, answered by the built-in emulator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The “%1” account answers from the Mantle emulator built into the app: no AWS account, no network, no cost. Add your own account with File &gt; Accounts….</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Account:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>M&amp;odel:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request Inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an answer to see the request that was sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No account: File &gt; Accounts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) for this surface.</source>
        <translation>
            <numerusform>%n model for this surface.</numerusform>
            <numerusform>%n models for this surface.</numerusform>
        </translation>
    </message>
    <message>
        <source>The live model list could not be fetched, so the catalogue&apos;s models show: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
Surfaces: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model of this account serves %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This session uses an API the playground does not show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the answer that is streaming before opening another session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the session “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the session “%1” now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened the session “%1”; changes are saved in the app&apos;s sessions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the answer that is streaming before starting a new session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session could not be imported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session could not be exported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the answer that is streaming before deleting its session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import Session…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Session as &amp;JSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Session as Mar&amp;kdown…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find Sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Playground</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo &amp;Failures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access Denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong Route Prefix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too Many Requests (429)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server Error (500)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection Cut Mid-Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Malformed Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slow Server (3 s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo account behaves again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo account now fails every request: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request &amp;Inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions (*.json *.md *.markdown);;Session files (*.json);;Markdown (*.md *.markdown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an answer to export its request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That answer is no longer in its session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continuing “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forked “%1” after that answer: the new session goes on from there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request cannot be exported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an answer to copy its request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied the request as curl (signed with SigV4 from $AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied the request as curl (the key is read from $AWS_BEARER_TOKEN_BEDROCK)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export as Code…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart Mantle Playground?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new language is used from the next start. Restart now? Your sessions are saved first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Restart Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Compare…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Short-term API key until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The requests of “%1” in %2 go with a short-term Bedrock API key (Bearer) instead of a SigV4 signature until %3, then with SigV4 again. File &gt; Accounts… &gt; Short-term API key… stops it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::ModelEditor</name>
    <message>
        <source>Add model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit model %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. moonshotai.kimi-k2-thinking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model &amp;id:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Display name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenAI-style prefix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As the catalogue says</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Prefix:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the surfaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private prices (per million tokens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private prices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input price per million tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output price per million tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I&amp;nput:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>O&amp;utput:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” cannot be a model id: it must not be empty or contain white space or &apos;/&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose at least one surface.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>set by the user</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::ModelTableModel</name>
    <message>
        <source>custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catalogue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (private)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Surfaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input / million</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output / million</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 shows in the playground&apos;s model picker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not show in the playground&apos;s model picker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in the playground&apos;s model picker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Picker</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::ModelsView</name>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh the live model list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;ccount:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;gion:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a custom model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit the selected model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected custom model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No account yet: the catalogue&apos;s models show. Add an account with File &gt; Accounts… to see a region&apos;s live list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The catalogue&apos;s models show: press Refresh for the models the region serves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The catalogue&apos;s models show: press Refresh for the models %1 serves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add an account first (File &gt; Accounts…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account could not be used: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model list of %1 could not be fetched: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) live in %1.</source>
        <translation>
            <numerusform>%n model live in %1.</numerusform>
            <numerusform>%n models live in %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Model “%1” added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model “%1” changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model “%1” removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select &amp;none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select all &amp;for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offer every model in the playground&apos;s model picker, also models that appear later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offer no model in the playground&apos;s model picker until you check some.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the listed models that serve an API to the playground&apos;s model picker.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model picker:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The model picker offers %1 of the %n model(s) listed.</source>
        <translation>
            <numerusform>The model picker offers %1 of the %n model listed.</numerusform>
            <numerusform>The model picker offers %1 of the %n models listed.</numerusform>
        </translation>
    </message>
    <message>
        <source>The model picker offers every model.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::ParametersPanel</name>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How random the answer is: lower is more focused and repeatable, higher more varied. From 0 to %1. Unset, the server&apos;s default applies.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Temperature:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nucleus sampling: the model only picks from the most likely tokens whose probabilities add up to this value, from 0 to 1. Change this or the temperature, not both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top &amp;p:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set top p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The longest answer the model may write, in tokens (on reasoning models the reasoning counts too). Sent as %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Max output tokens:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the maximum output tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum output tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop sequences, one per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text at which the model stops writing (the text itself is not returned). One sequence per line; commas are part of the sequence. Write \n for a line break, \t for a tab and \\ for a backslash. Chat Completions accepts up to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None (one per line)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stop sequences:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask for repeatable sampling: the same seed and parameters should give the same answer (best effort, not guaranteed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reasoning effort</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long a reasoning model thinks before it answers: more effort helps with hard questions and costs more tokens and time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Medium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reasoning effort:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Adaptive thinking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adaptive thinking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Let Claude think before it answers; how much follows the reasoning effort.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strea&amp;m the answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stream the answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the answer while it is written (server-sent events). Off, the answer appears when it is complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>St&amp;ore the response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store the response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the response on the server, so that a later request can continue from it (previous_response_id).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored responses are kept for 30 days in the region the request went to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset to &amp;defaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset the parameters to their defaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unset every value so that the server&apos;s defaults apply.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default: %1, always sent (Messages requires max_tokens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop sequences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat Completions accepts at most %1 stop sequences; there are %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enter a whole number, or untick it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run in the &amp;background</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run in the background</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answers later: the app polls the stored response until it is done (Stop cancels it). Needs the response stored.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::PlaygroundPage</name>
    <message>
        <source>New session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receiving the answer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Instructions (developer prompt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;System prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instructions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: how the model should behave.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a prompt, then press Ctrl+Enter to send.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the prompt (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the answer; what arrived is kept (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a prompt first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model first (the Model list above).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account “%1” could not be used: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped before sending.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s to first token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s in all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tool result · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assistant · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer was cut short: %1
What arrived is kept; re-run to try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 in · %2 out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 reasoning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no price known</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s)</source>
        <translation>
            <numerusform>%n attempt</numerusform>
            <numerusform>%n attempts</numerusform>
        </translation>
    </message>
    <message>
        <source>session cost $%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>(%n answer(s) without a known price)</source>
        <translation>
            <numerusform>(%n answer without a known price)</numerusform>
            <numerusform>(%n answers without a known price)</numerusform>
        </translation>
    </message>
    <message>
        <source>There is no question before this answer to ask again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session could not be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer could not be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>session cost unknown: no price for this model (set one in File &gt; Models…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;ools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sc&amp;hema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chai&amp;n</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cos&amp;t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≈ %1 input tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input tokens of the request Send would send now (the conversation, the prompt, the system prompt and the tools), counted by Mantle&apos;s count_tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≈ $%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cost is the input at %1 per million input tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No price is known for this model, so no cost is shown (set one in File &gt; Models…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>up to $%1 with the answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With the answer: the input plus at most %1 output tokens (Max tokens) at %2 per million output tokens; a shorter answer costs less.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≈ ? tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tokens could not be counted: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::PlaygroundServices</name>
    <message>
        <source>Demo (local emulator)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo account could not start its emulator: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another program may hold the local network; restart the app or add an AWS account with File &gt; Accounts….</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo account is not running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart the app with --demo, or choose another account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo account is not running, so its address is unknown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account “%1” does not sign with SigV4, so no short-term API key can be made from it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use an account with access keys or a role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account has no SigV4 credentials.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new language is used from the next start of Mantle Playground.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::RecordedEventTableModel</name>
    <message>
        <source>Time (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::RegionMatrixView</name>
    <message>
        <source>&amp;Use this region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any model (count only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%v of %m regions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the selected region with this account and model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serves model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;ccount:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account sends every region to the same endpoint, %1: each row shows what that endpoint answers for the region (with SigV4, the region the request is signed for), not what the region&apos;s own Mantle endpoint serves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an account first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolving the account…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No region answered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n region(s) list %1.</source>
        <translation>
            <numerusform>%n region list %1.</numerusform>
            <numerusform>%n regions list %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n region(s) answered.</source>
        <translation>
            <numerusform>%n region answered.</numerusform>
            <numerusform>%n regions answered.</numerusform>
        </translation>
    </message>
    <message>
        <source>Checking the regions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The region lists %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The region does not list %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check &amp;regions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the regions still pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask all 13 regions for their model list at once</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::SchemaEditor</name>
    <message>
        <source>Person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List of items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classification (enum)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nested address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Structured output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use structured output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask for JSON that follows the schema below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schema name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letters, digits, _ and -, at most 64 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Strict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strict schema adherence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strict structured output: the model is held to the schema, which must then follow the strict-mode rules listed below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Examples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Example schemas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A JSON Schema, e.g. from the Examples menu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schema status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix &amp;all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix all strict-mode findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make every change listed that has a fix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schema violations in the output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last output, pretty-printed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a JSON Schema or pick one from Examples.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not valid JSON at line %1, column %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A schema is a JSON object ({ ... }).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid schema.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid schema; it follows the strict-mode rules.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid schema, but strict mode will refuse it:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(root)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n strict-mode finding(s):</source>
        <translation>
            <numerusform>%n strict-mode finding:</numerusform>
            <numerusform>%n strict-mode findings:</numerusform>
        </translation>
    </message>
    <message>
        <source>The answer is not JSON (line %1, column %2: %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer is JSON; there is no valid schema to check it against.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer matches the schema.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The answer breaks the schema in %n place(s):</source>
        <translation>
            <numerusform>The answer breaks the schema in %n place:</numerusform>
            <numerusform>The answer breaks the schema in %n places:</numerusform>
        </translation>
    </message>
    <message>
        <source>The next answer is shown here and checked against the schema.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::SelfCheck</name>
    <message>
        <source>Self-check failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mantle Playground %1 self-check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qt %1, platform “%2”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language: %1 (locale %2, translation %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qt&apos;s own translation: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none for this language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot create a temporary directory (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the built-in emulator did not start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the main window could not be painted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main window: painted at %1×%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say hello to the self-check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the demo request failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Demo request (Chat Completions, %1): %n character(s) in %2 ms</source>
        <translation>
            <numerusform>Demo request (Chat Completions, %1): %n character in %2 ms</numerusform>
            <numerusform>Demo request (Chat Completions, %1): %n characters in %2 ms</numerusform>
        </translation>
    </message>
    <message>
        <source>Self-check passed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::SessionListModel</name>
    <message>
        <source>Yesterday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
The file is left as it is: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untitled session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::SessionsSidebar</name>
    <message>
        <source>Sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a new session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a session file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as JSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as Markdown…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sessions yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No session matches “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session not deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” could not be read, so it is not deleted here: the file is left untouched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is %1
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete “%1”?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its file is removed from disk. This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::ShortTermKeyDialog</name>
    <message>
        <source>Short-term API key for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A short-term Bedrock API key is made on this computer from the account&apos;s SigV4 credentials (a role account asks STS for them first). It works in the account&apos;s region only, for at most 12 hours or as long as the credentials last, and is kept in memory only: it is never saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>4 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>12 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Lifetime:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Short-term API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiry:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Use for This Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Until the key expires, this account&apos;s requests in its region go with the key instead of a SigV4 signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top Using</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not generated yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, shortened to the end of the account&apos;s temporary credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account&apos;s requests go with a short-term key; %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account&apos;s requests are signed with SigV4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in %1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in %1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expires at %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::ToolCallsPanel</name>
    <message>
        <source>The arguments are not valid JSON: %1 (at byte %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The arguments are JSON but not a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The arguments are valid JSON, but no tool of this name is defined.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The arguments are valid JSON (the tool has no parameter schema).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The arguments are valid JSON; the tool&apos;s schema cannot be checked: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The arguments are valid JSON and match the tool&apos;s schema.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The arguments are valid JSON but do not match the tool&apos;s schema:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tool calls summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tool calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fill Canned Results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill canned results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill every empty result with its tool&apos;s canned result.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Send Results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tool name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>call id: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arguments check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tool&apos;s result (text or JSON)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tool failed (send the result as an error)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tool failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages sends is_error; Chat and Responses have no error flag, so say in the result that it failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No tool calls to answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The model called %n tool(s); %1 answered.</source>
        <translation>
            <numerusform>The model called %n tool; %1 answered.</numerusform>
            <numerusform>The model called %n tools; %1 answered.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mantle::ui::ToolExamples</name>
    <message>
        <source>Get the current weather in a city.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the documentation and return the best matches.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Get the current date and time in a time zone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate an arithmetic expression exactly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a calendar event with attendees.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mantle::ui::ToolsEditor</name>
    <message>
        <source>Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a tool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate the tool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the tool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Examp&amp;les</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add an example tool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import tools from a JSON file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the tools to a JSON file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Function name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>get_weather</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Function name problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Function description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the function does and when to call it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters JSON schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{&quot;type&quot;: &quot;object&quot;, &quot;properties&quot;: {}} — empty for no arguments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format the parameters JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Parameters:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Strict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strict arguments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checked: the arguments must follow the schema exactly. Unchecked: strict off. Partly checked: not sent, the surface&apos;s default applies (Responses: strict).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Canned result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The result to fill in when the model calls this tool.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Canned result:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tool choice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tool choice:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the function a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A function name has 1 to 64 letters (a–z, A–Z), digits, “_” or “-”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another tool above has this name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not valid JSON: %1 at line %2, column %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The parameters must be a JSON object (an object schema).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The parameters must be an object schema: add &quot;type&quot;: &quot;object&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a usable JSON schema: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the tools in the shape of:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>problem: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No arguments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid object schema.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default (not sent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto: the model decides</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None: no tool calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Required: at least one call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
