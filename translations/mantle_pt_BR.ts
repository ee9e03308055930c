<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>ConversationItemLayout</name>
    <message>
        <source>Tool call · %1</source>
        <translation>Chamada de ferramenta · %1</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copiado</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>Raciocínio</translation>
    </message>
    <message>
        <source>Reasoning (hidden)</source>
        <translation>Raciocínio (oculto)</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Interrompido</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Falhou</translation>
    </message>
    <message>
        <source>Streaming…</source>
        <translation>Transmitindo…</translation>
    </message>
</context>
<context>
    <name>mantle::JsonFieldReader</name>
    <message>
        <source>a JSON object</source>
        <translation>um objeto JSON</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is invalid: expected %2.</source>
        <translation>O campo &quot;%1&quot; é inválido: esperado %2.</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>uma string</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true ou false</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>um número inteiro</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>um número</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>uma lista</translation>
    </message>
    <message>
        <source>a date and time such as %1</source>
        <translation>uma data e hora como %1</translation>
    </message>
    <message>
        <source>base64 text</source>
        <translation>texto em base64</translation>
    </message>
</context>
<context>
    <name>mantle::Regions</name>
    <message>
        <source>US East (N. Virginia)</source>
        <translation>Leste dos EUA (Norte da Virgínia)</translation>
    </message>
    <message>
        <source>US East (Ohio)</source>
        <translation>Leste dos EUA (Ohio)</translation>
    </message>
    <message>
        <source>US West (Oregon)</source>
        <translation>Oeste dos EUA (Oregon)</translation>
    </message>
    <message>
        <source>Asia Pacific (Mumbai)</source>
        <translation>Ásia-Pacífico (Mumbai)</translation>
    </message>
    <message>
        <source>Asia Pacific (Jakarta)</source>
        <translation>Ásia-Pacífico (Jacarta)</translation>
    </message>
    <message>
        <source>Asia Pacific (Sydney)</source>
        <translation>Ásia-Pacífico (Sydney)</translation>
    </message>
    <message>
        <source>Asia Pacific (Tokyo)</source>
        <translation>Ásia-Pacífico (Tóquio)</translation>
    </message>
    <message>
        <source>Europe (Frankfurt)</source>
        <translation>Europa (Frankfurt)</translation>
    </message>
    <message>
        <source>Europe (Ireland)</source>
        <translation>Europa (Irlanda)</translation>
    </message>
    <message>
        <source>Europe (London)</source>
        <translation>Europa (Londres)</translation>
    </message>
    <message>
        <source>Europe (Milan)</source>
        <translation>Europa (Milão)</translation>
    </message>
    <message>
        <source>Europe (Stockholm)</source>
        <translation>Europa (Estocolmo)</translation>
    </message>
    <message>
        <source>South America (São Paulo)</source>
        <translation>América do Sul (São Paulo)</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::Account</name>
    <message>
        <source>The account name must be 1 to %1 characters, without &apos;/&apos;, &apos;\&apos;, control characters or blanks at either end.</source>
        <translation>O nome da conta deve ter de 1 a %1 caracteres, sem &apos;/&apos;, &apos;\&apos;, caracteres de controle nem espaços no início ou no fim.</translation>
    </message>
    <message>
        <source>Account “%1”: “%2” is not a Mantle region; use one of %3.</source>
        <translation>Conta “%1”: “%2” não é uma região do Mantle; use uma destas: %3.</translation>
    </message>
    <message>
        <source>Account “%1”: the endpoint is not usable: %2</source>
        <translation>Conta “%1”: o endpoint não pode ser usado: %2</translation>
    </message>
    <message>
        <source>The access key id</source>
        <translation>O ID da chave de acesso</translation>
    </message>
    <message>
        <source>Account “%1”: %2</source>
        <translation>Conta “%1”: %2</translation>
    </message>
    <message>
        <source>Account “%1”: an assumed role needs the name of the account whose keys assume it.</source>
        <translation>Conta “%1”: uma função assumida precisa do nome da conta cujas chaves a assumem.</translation>
    </message>
    <message>
        <source>Account “%1”: a role cannot be its own source account.</source>
        <translation>Conta “%1”: uma função não pode ser a própria conta de origem.</translation>
    </message>
    <message>
        <source>Account “%1”: an assumed role needs the AWS profile whose credentials assume it.</source>
        <translation>Conta “%1”: uma função assumida precisa do perfil da AWS cujas credenciais a assumem.</translation>
    </message>
    <message>
        <source>Account “%1”: unknown auth method “%2” (access-key, role or api-key).</source>
        <translation>Conta “%1”: método de autenticação desconhecido “%2” (access-key, role ou api-key).</translation>
    </message>
    <message>
        <source>Account “%1”: unknown role source “%2” (account or aws-profile).</source>
        <translation>Conta “%1”: origem de função desconhecida “%2” (account ou aws-profile).</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountImporter</name>
    <message>
        <source>AWS profile “%1” uses %2, which accounts do not support.</source>
        <translation>O perfil da AWS “%1” usa %2, que as contas não suportam.</translation>
    </message>
    <message>
        <source>Add the account with access keys or an API key instead.</source>
        <translation>Em vez disso, adicione a conta com chaves de acesso ou uma chave de API.</translation>
    </message>
    <message>
        <source>%1 names no region: the account uses %2.</source>
        <translation>%1 não indica nenhuma região: a conta usa %2.</translation>
    </message>
    <message>
        <source>%1 names the region %2, which does not serve Mantle: the account uses %3.</source>
        <translation>%1 indica a região %2, que não oferece o Mantle: a conta usa %3.</translation>
    </message>
    <message>
        <source>IAM Identity Center (sso_*)</source>
        <translation>IAM Identity Center (sso_*)</translation>
    </message>
    <message>
        <source>AWS profile “%1”</source>
        <translation>Perfil da AWS “%1”</translation>
    </message>
    <message>
        <source>Imported from AWS profile “%1”.</source>
        <translation>Importada do perfil da AWS “%1”.</translation>
    </message>
    <message>
        <source>role_arn without source_profile</source>
        <translation>role_arn sem source_profile</translation>
    </message>
    <message>
        <source>AWS profile “%1” has only one of aws_access_key_id and aws_secret_access_key.</source>
        <translation>O perfil da AWS “%1” tem apenas um de aws_access_key_id e aws_secret_access_key.</translation>
    </message>
    <message>
        <source>AWS profile “%1” has neither keys nor a role to import.</source>
        <translation>O perfil da AWS “%1” não tem chaves nem função para importar.</translation>
    </message>
    <message>
        <source>The environment</source>
        <translation>O ambiente</translation>
    </message>
    <message>
        <source>Imported from AWS_BEARER_TOKEN_BEDROCK.</source>
        <translation>Importada de AWS_BEARER_TOKEN_BEDROCK.</translation>
    </message>
    <message>
        <source>Imported from AWS_ACCESS_KEY_ID.</source>
        <translation>Importada de AWS_ACCESS_KEY_ID.</translation>
    </message>
    <message>
        <source>The keys from the environment expire at %1.</source>
        <translation>As chaves do ambiente expiram em %1.</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountManager</name>
    <message>
        <source>%1 The account “%2” was not saved.</source>
        <translation>%1 A conta “%2” não foi salva.</translation>
    </message>
    <message>
        <source>There is already an account “%1”.</source>
        <translation>Já existe uma conta “%1”.</translation>
    </message>
    <message>
        <source>Account “%1” needs its secret access key.</source>
        <translation>A conta “%1” precisa da chave de acesso secreta.</translation>
    </message>
    <message>
        <source>Account “%1” needs its API key.</source>
        <translation>A conta “%1” precisa da chave de API.</translation>
    </message>
    <message>
        <source>The source account “%1” of “%2” must be an existing access-key account.</source>
        <translation>A conta de origem “%1” de “%2” deve ser uma conta existente com chave de acesso.</translation>
    </message>
    <message>
        <source>The keychain holds no %1 for account “%2”.</source>
        <translation>O chaveiro não contém %1 para a conta “%2”.</translation>
    </message>
    <message>
        <source>Remove the account and add it again.</source>
        <translation>Remova a conta e adicione-a novamente.</translation>
    </message>
    <message>
        <source>There is no account “%1”.</source>
        <translation>Não existe nenhuma conta “%1”.</translation>
    </message>
    <message>
        <source>Account “%1” is the source of %2: remove those first.</source>
        <translation>A conta “%1” é a origem de %2: remova essas primeiro.</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountResolver</name>
    <message>
        <source>The source account “%1” of “%2” is missing or has no access keys.</source>
        <translation>A conta de origem “%1” de “%2” não existe ou não tem chaves de acesso.</translation>
    </message>
    <message>
        <source>AWS profile “%1” needs an MFA code, which accounts cannot ask for.</source>
        <translation>O perfil da AWS “%1” precisa de um código de MFA, que as contas não podem solicitar.</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountStore</name>
    <message>
        <source>There is no account “%1”.</source>
        <translation>Não existe nenhuma conta “%1”.</translation>
    </message>
    <message>
        <source>`mantle accounts list` shows the accounts.</source>
        <translation>`mantle accounts list` mostra as contas.</translation>
    </message>
    <message>
        <source>The settings of account “%1” are broken: %2</source>
        <translation>As configurações da conta “%1” estão corrompidas: %2</translation>
    </message>
    <message>
        <source>There is already an account “%1”.</source>
        <translation>Já existe uma conta “%1”.</translation>
    </message>
    <message>
        <source>The settings file “%1” could not be written.</source>
        <translation>Não foi possível gravar o arquivo de configurações “%1”.</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2</source>
        <translation>Não foi possível gravar “%1”: %2</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2</source>
        <translation>Não foi possível ler “%1”: %2</translation>
    </message>
    <message>
        <source>“%1” is too large to be an account file.</source>
        <translation>“%1” é grande demais para ser um arquivo de conta.</translation>
    </message>
    <message>
        <source>“%1” is not an account file exported by Mantle Playground.</source>
        <translation>“%1” não é um arquivo de conta exportado pelo Mantle Playground.</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::ConnectionTest</name>
    <message>
        <source>the source credentials&apos; principal</source>
        <translation>a entidade principal das credenciais de origem</translation>
    </message>
    <message>
        <source>The trust policy of %1 must allow sts:AssumeRole for %2, and that principal needs sts:AssumeRole on the role.</source>
        <translation>A política de confiança de %1 deve permitir sts:AssumeRole para %2, e essa entidade principal precisa de sts:AssumeRole na função.</translation>
    </message>
    <message>
        <source>Check that the account&apos;s external ID is the one the trust policy&apos;s sts:ExternalId condition expects.</source>
        <translation>Verifique se o ID externo da conta é o que a condição sts:ExternalId da política de confiança espera.</translation>
    </message>
    <message>
        <source>If the trust policy has an sts:ExternalId condition, set the external ID it expects on the account.</source>
        <translation>Se a política de confiança tiver uma condição sts:ExternalId, defina na conta o ID externo que ela espera.</translation>
    </message>
    <message>
        <source>a Bedrock API key (Bearer)</source>
        <translation>uma chave de API do Bedrock (Bearer)</translation>
    </message>
    <message>
        <source>The account has no AWS credentials.</source>
        <translation>A conta não tem credenciais da AWS.</translation>
    </message>
    <message>
        <source>Store the account&apos;s access key (or pick a source for the role).</source>
        <translation>Armazene a chave de acesso da conta (ou escolha uma origem para a função).</translation>
    </message>
    <message>
        <source>access key %1 (%2)</source>
        <translation>chave de acesso %1 (%2)</translation>
    </message>
    <message>
        <source>temporary</source>
        <translation>temporária</translation>
    </message>
    <message>
        <source>long-term</source>
        <translation>de longo prazo</translation>
    </message>
    <message>
        <source>assumed %1 (access key %2)</source>
        <translation>função assumida %1 (chave de acesso %2)</translation>
    </message>
    <message>
        <source>The region “%1” does not serve Bedrock Mantle.</source>
        <translation>A região “%1” não oferece o Bedrock Mantle.</translation>
    </message>
    <message>
        <source>Use one of the Mantle regions: %1.</source>
        <translation>Use uma das regiões do Mantle: %1.</translation>
    </message>
    <message>
        <source>%1, through %2</source>
        <translation>%1, por meio de %2</translation>
    </message>
    <message>
        <source>Allow bedrock-mantle:CallWithBearerToken on &quot;*&quot; for the IAM user that owns the API key (`mantle accounts policy` prints the policy).</source>
        <translation>Permita bedrock-mantle:CallWithBearerToken em &quot;*&quot; para o usuário do IAM dono da chave de API (`mantle accounts policy` mostra a política).</translation>
    </message>
    <message>
        <source>Allow %1 on arn:aws:bedrock-mantle:%2:%3:project/* for this account&apos;s IAM principal (`mantle accounts policy` prints the policy), or attach the managed policy AmazonBedrockMantleInferenceAccess.</source>
        <translation>Permita %1 em arn:aws:bedrock-mantle:%2:%3:project/* para a entidade principal do IAM desta conta (`mantle accounts policy` mostra a política) ou anexe a política gerenciada AmazonBedrockMantleInferenceAccess.</translation>
    </message>
    <message>
        <source>The model list answer has no “data” array.</source>
        <translation>A resposta da lista de modelos não tem o array “data”.</translation>
    </message>
    <message>
        <source>1 model listed</source>
        <translation>1 modelo listado</translation>
    </message>
    <message>
        <source>%1 models listed</source>
        <translation>%1 modelos listados</translation>
    </message>
    <message>
        <source>%1 answered a 1-token Chat Completions request through %2</source>
        <translation>%1 respondeu a uma solicitação Chat Completions de 1 token por meio de %2</translation>
    </message>
    <message>
        <source>%1 is served under %2, not the prefix tried first; the route was learned for this account and region.</source>
        <translation>%1 é oferecido em %2, não no prefixo tentado primeiro; a rota foi memorizada para esta conta e região.</translation>
    </message>
    <message>
        <source>%1 is a third-party model: a first call also needs aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions (with the condition aws:CalledViaLast = bedrock-mantle.amazonaws.com).</source>
        <translation>%1 é um modelo de terceiros: a primeira chamada também precisa de aws-marketplace:Subscribe e aws-marketplace:ViewSubscriptions (com a condição aws:CalledViaLast = bedrock-mantle.amazonaws.com).</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::IamPolicyHelper</name>
    <message>
        <source>Instead of the policy above, attach the AWS managed policy AmazonBedrockMantleInferenceAccess (inference, including the Marketplace subscription for third-party models); AmazonBedrockMantleFullAccess grants everything and AmazonBedrockMantleReadOnly only reading.</source>
        <translation>Em vez da política acima, anexe a política gerenciada da AWS AmazonBedrockMantleInferenceAccess (inferência, incluindo a assinatura do Marketplace para modelos de terceiros); AmazonBedrockMantleFullAccess concede tudo e AmazonBedrockMantleReadOnly, apenas leitura.</translation>
    </message>
    <message>
        <source>Attach it to the IAM user that owns the API key.</source>
        <translation>Anexe-a ao usuário do IAM dono da chave de API.</translation>
    </message>
    <message>
        <source>Attach it to the role; the trust policy is needed either way.</source>
        <translation>Anexe-a à função; a política de confiança é necessária de qualquer forma.</translation>
    </message>
    <message>
        <source>the IAM user that owns the API key</source>
        <translation>o usuário do IAM dono da chave de API</translation>
    </message>
    <message>
        <source>the IAM user or role of the access key</source>
        <translation>o usuário ou a função do IAM da chave de acesso</translation>
    </message>
    <message>
        <source>Identity policy for %1:</source>
        <translation>Política de identidade para %1:</translation>
    </message>
    <message>
        <source>Trust policy of the role:</source>
        <translation>Política de confiança da função:</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::ModelSettingsStore</name>
    <message>
        <source>The saved model settings of “%1” could not be read: %2</source>
        <translation>Não foi possível ler as configurações de modelo salvas de “%1”: %2</translation>
    </message>
    <message>
        <source>they are not a JSON object.</source>
        <translation>não são um objeto JSON.</translation>
    </message>
    <message>
        <source>“%1” is not an account name.</source>
        <translation>“%1” não é um nome de conta.</translation>
    </message>
    <message>
        <source>The settings file “%1” could not be written.</source>
        <translation>Não foi possível gravar o arquivo de configurações “%1”.</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::SecretStore</name>
    <message>
        <source>No keychain is available (%1).</source>
        <translation>Nenhum chaveiro disponível (%1).</translation>
    </message>
    <message>
        <source>Start a keychain service (GNOME Keyring or KWallet on Linux). Mantle Playground never keeps secrets in plain files.</source>
        <translation>Inicie um serviço de chaveiro (GNOME Keyring ou KWallet no Linux). O Mantle Playground nunca guarda segredos em arquivos de texto simples.</translation>
    </message>
    <message>
        <source>The keychain refused access to “%1” (%2).</source>
        <translation>O chaveiro recusou o acesso a “%1” (%2).</translation>
    </message>
    <message>
        <source>The keychain failed on “%1” (%2).</source>
        <translation>O chaveiro falhou em “%1” (%2).</translation>
    </message>
    <message>
        <source>The keychain entry “%1” is damaged: %2.</source>
        <translation>A entrada “%1” do chaveiro está danificada: %2.</translation>
    </message>
    <message>
        <source>Enter the secret again; saving it stores it anew.</source>
        <translation>Digite o segredo novamente; ao salvá-lo, ele é armazenado de novo.</translation>
    </message>
    <message>
        <source>its %1 parts do not belong to one secret</source>
        <translation>suas %1 partes não pertencem a um mesmo segredo</translation>
    </message>
    <message>
        <source>part %1 of %2 (“%3”) is missing</source>
        <translation>a parte %1 de %2 (“%3”) está faltando</translation>
    </message>
    <message>
        <source>The secret for “%1” is too long for the keychain: it has %2 bytes, and the keychain holds at most %3 (%4 entries of %5 bytes).</source>
        <translation>O segredo de “%1” é longo demais para o chaveiro: ele tem %2 bytes, e o chaveiro comporta no máximo %3 (%4 entradas de %5 bytes).</translation>
    </message>
    <message>
        <source>Check that only the secret was pasted. Nothing was saved.</source>
        <translation>Verifique se apenas o segredo foi colado. Nada foi salvo.</translation>
    </message>
    <message>
        <source>its header is not understood</source>
        <translation>seu cabeçalho não foi reconhecido</translation>
    </message>
</context>
<context>
    <name>mantle::api::ErrorClassifier</name>
    <message>
        <source>account %1</source>
        <translation>conta %1</translation>
    </message>
    <message>
        <source>region %1</source>
        <translation>região %1</translation>
    </message>
    <message>
        <source>model %1</source>
        <translation>modelo %1</translation>
    </message>
    <message>
        <source>route %1</source>
        <translation>rota %1</translation>
    </message>
    <message>
        <source>no account or region named</source>
        <translation>nenhuma conta ou região indicada</translation>
    </message>
    <message>
        <source>, </source>
        <comment>separates the parts of an error&apos;s place</comment>
        <translation>, </translation>
    </message>
    <message>
        <source>no HTTP status</source>
        <translation>sem status HTTP</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>HTTP %1, %2</source>
        <translation>HTTP %1, %2</translation>
    </message>
    <message>
        <source>%1.</source>
        <comment>an error sentence without the server&apos;s message</comment>
        <translation>%1.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>an error sentence, then the server&apos;s message</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>A proxy or captive portal answered instead of Mantle, with a web page (HTTP %1; %2).</source>
        <translation>Um proxy ou portal cativo respondeu no lugar do Mantle, com uma página da web (HTTP %1; %2).</translation>
    </message>
    <message>
        <source>Check the network: sign in to the captive portal, or set the proxy (HTTPS_PROXY, NO_PROXY) so that requests reach Mantle.</source>
        <translation>Verifique a rede: entre no portal cativo ou configure o proxy (HTTPS_PROXY, NO_PROXY) para que as solicitações cheguem ao Mantle.</translation>
    </message>
    <message>
        <source>The model is not served under this route (%1; %2)</source>
        <translation>O modelo não é oferecido nesta rota (%1; %2)</translation>
    </message>
    <message>
        <source>Call the model under /openai/v1 or /v1, whichever it is served under.</source>
        <translation>Chame o modelo em /openai/v1 ou /v1, conforme a rota em que ele é oferecido.</translation>
    </message>
    <message>
        <source>Use the route %1 for this model instead (the app retries there once and remembers it).</source>
        <translation>Use a rota %1 para este modelo (o app tenta novamente nela uma vez e a memoriza).</translation>
    </message>
    <message>
        <source>The model does not support the %1 API (%2; %3).</source>
        <translation>O modelo não suporta a API %1 (%2; %3).</translation>
    </message>
    <message>
        <source>Use %1 for this model instead.</source>
        <translation>Use %1 para este modelo.</translation>
    </message>
    <message>
        <source>Mantle refused the request&apos;s signature because this computer&apos;s clock is off by about %1 seconds (%2; %3).</source>
        <translation>O Mantle recusou a assinatura da solicitação porque o relógio deste computador está errado em cerca de %1 segundos (%2; %3).</translation>
    </message>
    <message>
        <source>Mantle refused the request&apos;s signature because its time is outside the allowed window, so this computer&apos;s clock is probably wrong (%1; %2).</source>
        <translation>O Mantle recusou a assinatura da solicitação porque o horário dela está fora da janela permitida; provavelmente o relógio deste computador está errado (%1; %2).</translation>
    </message>
    <message>
        <source>Set this computer&apos;s clock to the correct time (turn on automatic time synchronisation), then try again.</source>
        <translation>Acerte o relógio deste computador (ative a sincronização automática de horário) e tente novamente.</translation>
    </message>
    <message>
        <source>The credentials have expired (%1; %2).</source>
        <translation>As credenciais expiraram (%1; %2).</translation>
    </message>
    <message>
        <source>Create a new Bedrock API key and update the account.</source>
        <translation>Crie uma nova chave de API do Bedrock e atualize a conta.</translation>
    </message>
    <message>
        <source>Refresh the credentials (for example with `aws sso login`, or a new session token for the account), then try again.</source>
        <translation>Renove as credenciais (por exemplo, com `aws sso login` ou um novo token de sessão para a conta) e tente novamente.</translation>
    </message>
    <message>
        <source>Mantle did not accept the API key (%1; %2).</source>
        <translation>O Mantle não aceitou a chave de API (%1; %2).</translation>
    </message>
    <message>
        <source>The API key is wrong, expired or revoked: create a new Bedrock API key (long-term keys start with ABSK) and update the account.</source>
        <translation>A chave de API está errada, expirou ou foi revogada: crie uma nova chave de API do Bedrock (chaves de longo prazo começam com ABSK) e atualize a conta.</translation>
    </message>
    <message>
        <source>The request was signed for another service (%1; %2)</source>
        <translation>A solicitação foi assinada para outro serviço (%1; %2)</translation>
    </message>
    <message>
        <source>Sign requests with the service name bedrock-mantle.</source>
        <translation>Assine as solicitações com o nome de serviço bedrock-mantle.</translation>
    </message>
    <message>
        <source>The request was signed for another region (%1; %2)</source>
        <translation>A solicitação foi assinada para outra região (%1; %2)</translation>
    </message>
    <message>
        <source>Sign requests with the region of the endpoint (%1).</source>
        <translation>Assine as solicitações com a região do endpoint (%1).</translation>
    </message>
    <message>
        <source>Mantle did not accept the AWS credentials (%1; %2)</source>
        <translation>O Mantle não aceitou as credenciais da AWS (%1; %2)</translation>
    </message>
    <message>
        <source>Check the account&apos;s access key id and secret access key (and the session token, if it has one).</source>
        <translation>Verifique o ID da chave de acesso e a chave de acesso secreta da conta (e o token de sessão, se houver).</translation>
    </message>
    <message>
        <source>Access was denied (%1; %2)</source>
        <translation>Acesso negado (%1; %2)</translation>
    </message>
    <message>
        <source>The model is sold through AWS Marketplace: allow aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions (with the condition aws:CalledViaLast = bedrock-mantle.amazonaws.com), or attach the managed policy AmazonBedrockMantleInferenceAccess.</source>
        <translation>O modelo é vendido pelo AWS Marketplace: permita aws-marketplace:Subscribe e aws-marketplace:ViewSubscriptions (com a condição aws:CalledViaLast = bedrock-mantle.amazonaws.com) ou anexe a política gerenciada AmazonBedrockMantleInferenceAccess.</translation>
    </message>
    <message>
        <source>Allow the action %1 for this account&apos;s IAM principal.</source>
        <translation>Permita a ação %1 para a entidade principal do IAM desta conta.</translation>
    </message>
    <message>
        <source>Allow bedrock-mantle:CallWithBearerToken on &quot;*&quot; for the IAM principal that owns the API key.</source>
        <translation>Permita bedrock-mantle:CallWithBearerToken em &quot;*&quot; para a entidade principal do IAM dona da chave de API.</translation>
    </message>
    <message>
        <source>Allow bedrock-mantle:CreateInference on arn:aws:bedrock-mantle:%1:&lt;account-id&gt;:project/* for this account&apos;s IAM principal, or attach the managed policy AmazonBedrockMantleInferenceAccess.</source>
        <translation>Permita bedrock-mantle:CreateInference em arn:aws:bedrock-mantle:%1:&lt;account-id&gt;:project/* para a entidade principal do IAM desta conta ou anexe a política gerenciada AmazonBedrockMantleInferenceAccess.</translation>
    </message>
    <message>
        <source>The model does not exist here (%1; %2)</source>
        <translation>O modelo não existe aqui (%1; %2)</translation>
    </message>
    <message>
        <source>Model ids are bare: try %1. `mantle models` lists the region&apos;s models.</source>
        <translation>IDs de modelo são simples: tente %1. `mantle models` lista os modelos da região.</translation>
    </message>
    <message>
        <source>Check the model id: ids are bare, without a -v1:0 suffix or a us./global. prefix. `mantle models` lists the region&apos;s models.</source>
        <translation>Verifique o ID do modelo: IDs são simples, sem sufixo -v1:0 nem prefixo us./global. `mantle models` lista os modelos da região.</translation>
    </message>
    <message>
        <source>Mantle found nothing there (%1; %2)</source>
        <translation>O Mantle não encontrou nada ali (%1; %2)</translation>
    </message>
    <message>
        <source>Check the id in the request (for example a response id) and the endpoint, if one is set.</source>
        <translation>Verifique o ID na solicitação (por exemplo, um ID de resposta) e o endpoint, se houver um definido.</translation>
    </message>
    <message>
        <source>The prompt is too long for the model: %1 tokens, and it takes at most %2 (%3; %4).</source>
        <translation>O prompt é longo demais para o modelo: %1 tokens, e ele aceita no máximo %2 (%3; %4).</translation>
    </message>
    <message>
        <source>The prompt is too long for the model (%1; %2)</source>
        <translation>O prompt é longo demais para o modelo (%1; %2)</translation>
    </message>
    <message>
        <source>Shorten the prompt or the conversation (drop earlier turns or attachments), or choose a model with a longer context.</source>
        <translation>Encurte o prompt ou a conversa (remova turnos anteriores ou anexos) ou escolha um modelo com contexto maior.</translation>
    </message>
    <message>
        <source>Mantle is limiting requests (%1; %2)</source>
        <translation>O Mantle está limitando as solicitações (%1; %2)</translation>
    </message>
    <message>
        <source>Try again in %1 s (as Mantle asked). Each endpoint has its own quotas; if this keeps happening, ask for more in Service Quotas.</source>
        <translation>Tente novamente em %1 s (como o Mantle pediu). Cada endpoint tem suas próprias cotas; se isso continuar, solicite um aumento em Service Quotas.</translation>
    </message>
    <message>
        <source>Wait a moment and try again. Each endpoint has its own quotas; if this keeps happening, ask for more in Service Quotas.</source>
        <translation>Aguarde um momento e tente novamente. Cada endpoint tem suas próprias cotas; se isso continuar, solicite um aumento em Service Quotas.</translation>
    </message>
    <message>
        <source>The model is overloaded (%1; %2)</source>
        <translation>O modelo está sobrecarregado (%1; %2)</translation>
    </message>
    <message>
        <source>Mantle had a server error (%1; %2)</source>
        <translation>O Mantle teve um erro de servidor (%1; %2)</translation>
    </message>
    <message>
        <source>This is on the server&apos;s side: try again in a moment.</source>
        <translation>O problema está no servidor: tente novamente em instantes.</translation>
    </message>
    <message>
        <source>This is on the server&apos;s side: try again in a moment. If it keeps happening, give AWS Support the request id %1.</source>
        <translation>O problema está no servidor: tente novamente em instantes. Se isso continuar, informe ao AWS Support o ID da solicitação %1.</translation>
    </message>
    <message>
        <source>Mantle did not accept the credentials (%1; %2)</source>
        <translation>O Mantle não aceitou as credenciais (%1; %2)</translation>
    </message>
    <message>
        <source>Check the account&apos;s access key id and secret access key, and that requests are signed for bedrock-mantle in %1.</source>
        <translation>Verifique o ID da chave de acesso e a chave de acesso secreta da conta, e se as solicitações são assinadas para bedrock-mantle em %1.</translation>
    </message>
    <message>
        <source>Mantle rejected the request (%1; %2)</source>
        <translation>O Mantle rejeitou a solicitação (%1; %2)</translation>
    </message>
    <message>
        <source>Check the request&apos;s parameters against the %1 API.</source>
        <translation>Confira os parâmetros da solicitação com a API %1.</translation>
    </message>
    <message>
        <source>Correct what the server&apos;s message names, then send the request again.</source>
        <translation>Corrija o que a mensagem do servidor aponta e envie a solicitação novamente.</translation>
    </message>
    <message>
        <source>Mantle answered with an error and an empty body (%1; %2).</source>
        <translation>O Mantle respondeu com um erro e um corpo vazio (%1; %2).</translation>
    </message>
    <message>
        <source>Mantle answered with an error (%1; %2)</source>
        <translation>O Mantle respondeu com um erro (%1; %2)</translation>
    </message>
    <message>
        <source>If it keeps happening, give AWS Support the request id %1.</source>
        <translation>Se isso continuar, informe ao AWS Support o ID da solicitação %1.</translation>
    </message>
</context>
<context>
    <name>mantle::api::JsonValueReader</name>
    <message>
        <source>The answer is not valid JSON (%1 at byte %2).</source>
        <translation>A resposta não é um JSON válido (%1 no byte %2).</translation>
    </message>
    <message>
        <source>The answer is JSON but not an object, as an answer body is.</source>
        <translation>A resposta é JSON, mas não é um objeto, como deve ser o corpo de uma resposta.</translation>
    </message>
</context>
<context>
    <name>mantle::api::RequestSpec</name>
    <message>
        <source>The request field &quot;%1&quot; is invalid: expected %2.</source>
        <translation>O campo &quot;%1&quot; da solicitação é inválido: esperado %2.</translation>
    </message>
    <message>
        <source>Correct or remove the field and try again.</source>
        <translation>Corrija ou remova o campo e tente novamente.</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>uma string</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true ou false</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>um número</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>um número inteiro</translation>
    </message>
    <message>
        <source>a JSON object</source>
        <translation>um objeto JSON</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>uma lista</translation>
    </message>
    <message>
        <source>one of %1</source>
        <translation>um destes: %1</translation>
    </message>
    <message>
        <source>&quot;user&quot;, &quot;assistant&quot; or &quot;tool&quot;</source>
        <translation>&quot;user&quot;, &quot;assistant&quot; ou &quot;tool&quot;</translation>
    </message>
    <message>
        <source>The request field &quot;%1&quot; is invalid: %2</source>
        <translation>O campo &quot;%1&quot; da solicitação é inválido: %2</translation>
    </message>
    <message>
        <source>the %1 API has no such setting.</source>
        <translation>a API %1 não tem essa configuração.</translation>
    </message>
    <message>
        <source>Remove the setting or choose an API that supports it.</source>
        <translation>Remova a configuração ou escolha uma API que a suporte.</translation>
    </message>
    <message>
        <source>a user message needs text.</source>
        <translation>uma mensagem do usuário precisa de texto.</translation>
    </message>
    <message>
        <source>an assistant message needs text or tool calls.</source>
        <translation>uma mensagem do assistente precisa de texto ou de chamadas de ferramenta.</translation>
    </message>
    <message>
        <source>a tool call needs an id.</source>
        <translation>uma chamada de ferramenta precisa de um ID.</translation>
    </message>
    <message>
        <source>a tool call needs a name.</source>
        <translation>uma chamada de ferramenta precisa de um nome.</translation>
    </message>
    <message>
        <source>a tool result must name the tool call it answers.</source>
        <translation>um resultado de ferramenta deve indicar a chamada de ferramenta a que responde.</translation>
    </message>
    <message>
        <source>only assistant messages carry tool calls.</source>
        <translation>apenas mensagens do assistente contêm chamadas de ferramenta.</translation>
    </message>
    <message>
        <source>only tool messages answer a tool call.</source>
        <translation>apenas mensagens de ferramenta respondem a uma chamada de ferramenta.</translation>
    </message>
    <message>
        <source>%1 requests are not built from a conversation.</source>
        <translation>solicitações %1 não são montadas a partir de uma conversa.</translation>
    </message>
    <message>
        <source>no model is chosen.</source>
        <translation>nenhum modelo escolhido.</translation>
    </message>
    <message>
        <source>Choose a model, e.g. from the model list.</source>
        <translation>Escolha um modelo, por exemplo, na lista de modelos.</translation>
    </message>
    <message>
        <source>the conversation is empty.</source>
        <translation>a conversa está vazia.</translation>
    </message>
    <message>
        <source>Write a message to send.</source>
        <translation>Escreva uma mensagem para enviar.</translation>
    </message>
    <message>
        <source>it must lie between 0 and %1.</source>
        <translation>deve estar entre 0 e %1.</translation>
    </message>
    <message>
        <source>it must lie between 0 and 1.</source>
        <translation>deve estar entre 0 e 1.</translation>
    </message>
    <message>
        <source>it must be at least 1.</source>
        <translation>deve ser pelo menos 1.</translation>
    </message>
    <message>
        <source>a stop sequence cannot be empty.</source>
        <translation>uma sequência de parada não pode ser vazia.</translation>
    </message>
    <message>
        <source>a tool needs a name of 1 to 64 letters, digits, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>uma ferramenta precisa de um nome de 1 a 64 letras, dígitos, &apos;_&apos; ou &apos;-&apos;.</translation>
    </message>
    <message>
        <source>the tool name &quot;%1&quot; is used twice.</source>
        <translation>o nome de ferramenta &quot;%1&quot; é usado duas vezes.</translation>
    </message>
    <message>
        <source>the parameters schema must have &quot;type&quot;: &quot;object&quot;.</source>
        <translation>o esquema de parâmetros deve ter &quot;type&quot;: &quot;object&quot;.</translation>
    </message>
    <message>
        <source>no tools are defined.</source>
        <translation>nenhuma ferramenta definida.</translation>
    </message>
    <message>
        <source>Define a tool or remove the tool choice.</source>
        <translation>Defina uma ferramenta ou remova a escolha de ferramenta.</translation>
    </message>
    <message>
        <source>no tool named &quot;%1&quot; is defined.</source>
        <translation>nenhuma ferramenta chamada &quot;%1&quot; está definida.</translation>
    </message>
    <message>
        <source>a name is only given with the &quot;function&quot; mode.</source>
        <translation>um nome só é informado com o modo &quot;function&quot;.</translation>
    </message>
    <message>
        <source>Claude cannot be forced to call a tool while thinking.</source>
        <translation>O Claude não pode ser forçado a chamar uma ferramenta enquanto pensa.</translation>
    </message>
    <message>
        <source>Use &quot;auto&quot; or turn thinking off.</source>
        <translation>Use &quot;auto&quot; ou desative o pensamento.</translation>
    </message>
    <message>
        <source>a schema needs a name of 1 to 64 letters, digits, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>um esquema precisa de um nome de 1 a 64 letras, dígitos, &apos;_&apos; ou &apos;-&apos;.</translation>
    </message>
    <message>
        <source>the schema must have &quot;type&quot;: &quot;object&quot;.</source>
        <translation>o esquema deve ter &quot;type&quot;: &quot;object&quot;.</translation>
    </message>
    <message>
        <source>a tool is already named &quot;%1&quot;.</source>
        <translation>já existe uma ferramenta chamada &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>with a schema, Messages must be forced to the schema&apos;s tool.</source>
        <translation>com um esquema, Messages deve ser forçado a usar a ferramenta do esquema.</translation>
    </message>
    <message>
        <source>Remove the tool choice or the schema.</source>
        <translation>Remova a escolha de ferramenta ou o esquema.</translation>
    </message>
    <message>
        <source>Claude cannot follow a schema while thinking.</source>
        <translation>O Claude não pode seguir um esquema enquanto pensa.</translation>
    </message>
    <message>
        <source>Turn thinking off or remove the schema.</source>
        <translation>Desative o pensamento ou remova o esquema.</translation>
    </message>
    <message>
        <source>a background response must be stored.</source>
        <translation>uma resposta em segundo plano deve ser armazenada.</translation>
    </message>
    <message>
        <source>Allow storing the response or turn background off.</source>
        <translation>Permita armazenar a resposta ou desative o segundo plano.</translation>
    </message>
</context>
<context>
    <name>mantle::api::StreamAccumulator</name>
    <message>
        <source>The stream ended before its final event: the answer may be cut short. Try the request again.</source>
        <translation>O stream terminou antes do evento final: a resposta pode estar incompleta. Tente a solicitação novamente.</translation>
    </message>
    <message>
        <source>A “%1” event of the stream is not valid JSON (%2) and was skipped; the answer may be incomplete.</source>
        <translation>Um evento “%1” do stream não é um JSON válido (%2) e foi ignorado; a resposta pode estar incompleta.</translation>
    </message>
</context>
<context>
    <name>mantle::api::ToolDefinitionJson</name>
    <message>
        <source>%1: item %2 is not a JSON object.</source>
        <translation>%1: o item %2 não é um objeto JSON.</translation>
    </message>
    <message>
        <source>%1: the description of item %2 is not a JSON string.</source>
        <translation>%1: a descrição do item %2 não é uma string JSON.</translation>
    </message>
    <message>
        <source>%1: the %2 of item %3 is not a JSON object.</source>
        <translation>%1: o %2 do item %3 não é um objeto JSON.</translation>
    </message>
    <message>
        <source>%1: the name of item %2 is not a JSON string.</source>
        <translation>%1: o nome do item %2 não é uma string JSON.</translation>
    </message>
    <message>
        <source>%1: item %2 has no name.</source>
        <translation>%1: o item %2 não tem nome.</translation>
    </message>
    <message>
        <source>%1: not JSON (%2 at line %3, column %4).</source>
        <translation>%1: não é JSON (%2 na linha %3, coluna %4).</translation>
    </message>
    <message>
        <source>%1: expected a JSON array of tools, or an object with a &quot;tools&quot; array.</source>
        <translation>%1: esperado um array JSON de ferramentas ou um objeto com um array &quot;tools&quot;.</translation>
    </message>
</context>
<context>
    <name>mantle::api::TurnReader</name>
    <message>
        <source>The %1 API does not answer with a model turn.</source>
        <translation>A API %1 não responde com um turno do modelo.</translation>
    </message>
</context>
<context>
    <name>mantle::api::chat::ChatRequestBuilder</name>
    <message>
        <source>A %1 request cannot be built as a Chat Completions request.</source>
        <translation>Uma solicitação %1 não pode ser montada como solicitação Chat Completions.</translation>
    </message>
</context>
<context>
    <name>mantle::api::messages::MessagesRequestBuilder</name>
    <message>
        <source>The request field &quot;%1&quot; is invalid: the arguments of a Claude tool call must be a JSON object.</source>
        <translation>O campo &quot;%1&quot; da solicitação é inválido: os argumentos de uma chamada de ferramenta do Claude devem ser um objeto JSON.</translation>
    </message>
    <message>
        <source>A %1 request cannot be built as a Messages request.</source>
        <translation>Uma solicitação %1 não pode ser montada como solicitação Messages.</translation>
    </message>
</context>
<context>
    <name>mantle::api::messages::MessagesResponseParser</name>
    <message>
        <source>The answer is not a readable Messages body (%1).</source>
        <translation>A resposta não é um corpo Messages legível (%1).</translation>
    </message>
</context>
<context>
    <name>mantle::api::responses::ResponsesRequestBuilder</name>
    <message>
        <source>A %1 request cannot be built as a Responses request.</source>
        <translation>Uma solicitação %1 não pode ser montada como solicitação Responses.</translation>
    </message>
    <message>
        <source>“%1” is not a response id.</source>
        <translation>“%1” não é um ID de resposta.</translation>
    </message>
    <message>
        <source>Response ids look like resp_ followed by letters and digits, as the answer of a Responses request gives them.</source>
        <translation>IDs de resposta têm a forma resp_ seguido de letras e dígitos, como a resposta de uma solicitação Responses os fornece.</translation>
    </message>
</context>
<context>
    <name>mantle::api::responses::ResponsesResponseParser</name>
    <message>
        <source>The response failed and the server gave no reason.</source>
        <translation>A resposta falhou e o servidor não informou o motivo.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AssumeRoleCredentialProvider</name>
    <message>
        <source>The credentials for the role %1 cannot be renewed: its STS client or source credentials are gone.</source>
        <translation>Não é possível renovar as credenciais da função %1: o cliente do STS ou as credenciais de origem não existem mais.</translation>
    </message>
    <message>
        <source>The credentials for the role %1 cannot be renewed: its STS client is gone.</source>
        <translation>Não é possível renovar as credenciais da função %1: o cliente do STS não existe mais.</translation>
    </message>
    <message>
        <source>STS gave credentials for the role %1 that had expired already, at %2.</source>
        <translation>O STS forneceu credenciais para a função %1 que já haviam expirado, em %2.</translation>
    </message>
    <message>
        <source>Check that this computer&apos;s clock is set to the correct time.</source>
        <translation>Verifique se o relógio deste computador está com a hora correta.</translation>
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
        <translation>Informe o ARN da função a assumir, como o console do IAM o mostra na página da função, por exemplo, %1.</translation>
    </message>
    <message>
        <source>The role ARN is empty.</source>
        <translation>O ARN da função está vazio.</translation>
    </message>
    <message>
        <source>“%1” is the ARN of a role session, not of a role.</source>
        <translation>“%1” é o ARN de uma sessão de função, não de uma função.</translation>
    </message>
    <message>
        <source>“%1” is not the ARN of an IAM role.</source>
        <translation>“%1” não é o ARN de uma função do IAM.</translation>
    </message>
    <message>
        <source>Use 2 to 64 characters: letters, digits and + = , . @ _ -.</source>
        <translation>Use de 2 a 64 caracteres: letras, dígitos e + = , . @ _ -.</translation>
    </message>
    <message numerus="yes">
        <source>The role session name has %n character(s).</source>
        <translation>
            <numerusform>O nome da sessão da função tem %n caractere.</numerusform>
            <numerusform>O nome da sessão da função tem %n caracteres.</numerusform>
        </translation>
    </message>
    <message>
        <source>The role session name contains %1, which STS does not allow.</source>
        <translation>O nome da sessão da função contém %1, que o STS não permite.</translation>
    </message>
    <message>
        <source>Use the external ID exactly as the role&apos;s owner gave it: 2 to 1224 characters of letters, digits and + = , . @ : / _ -.</source>
        <translation>Use o ID externo exatamente como o dono da função o forneceu: de 2 a 1224 caracteres entre letras, dígitos e + = , . @ : / _ -.</translation>
    </message>
    <message numerus="yes">
        <source>The external ID has %n character(s).</source>
        <translation>
            <numerusform>O ID externo tem %n caractere.</numerusform>
            <numerusform>O ID externo tem %n caracteres.</numerusform>
        </translation>
    </message>
    <message>
        <source>The external ID contains %1 at position %2, which STS does not allow.</source>
        <translation>O ID externo contém %1 na posição %2, que o STS não permite.</translation>
    </message>
    <message>
        <source>The session duration of %1 seconds is outside the range STS accepts, %2 to %3 seconds (15 minutes to 12 hours).</source>
        <translation>A duração de sessão de %1 segundos está fora do intervalo que o STS aceita, de %2 a %3 segundos (15 minutos a 12 horas).</translation>
    </message>
    <message>
        <source>Choose a duration in that range. The role&apos;s own maximum may be lower: one hour unless its owner raised it, and always one hour when a role assumes a role.</source>
        <translation>Escolha uma duração nesse intervalo. O máximo da própria função pode ser menor: uma hora, a menos que o dono a tenha aumentado, e sempre uma hora quando uma função assume outra função.</translation>
    </message>
    <message>
        <source>Give a region code such as us-east-1.</source>
        <translation>Informe um código de região como us-east-1.</translation>
    </message>
    <message>
        <source>No region is set for STS.</source>
        <translation>Nenhuma região definida para o STS.</translation>
    </message>
    <message>
        <source>“%1” is not an AWS region code.</source>
        <translation>“%1” não é um código de região da AWS.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AwsConfigFile</name>
    <message>
        <source>More lines from this one on (%1 in all) also have problems and were ignored; fix the ones reported above first.</source>
        <translation>Outras linhas a partir desta (%1 no total) também têm problemas e foram ignoradas; corrija primeiro as informadas acima.</translation>
    </message>
    <message>
        <source>This line is not valid UTF-8 text and is ignored. Save the file as UTF-8.</source>
        <translation>Esta linha não é um texto UTF-8 válido e foi ignorada. Salve o arquivo como UTF-8.</translation>
    </message>
    <message>
        <source>This section header has no closing “]”; it and the settings under it are ignored.</source>
        <translation>Este cabeçalho de seção não tem o “]” de fechamento; ele e as configurações abaixo dele foram ignorados.</translation>
    </message>
    <message>
        <source>This section header has text after its closing “]”; it and the settings under it are ignored.</source>
        <translation>Este cabeçalho de seção tem texto após o “]” de fechamento; ele e as configurações abaixo dele foram ignorados.</translation>
    </message>
    <message>
        <source>This section header is empty; it and the settings under it are ignored. Write [default] or [profile NAME].</source>
        <translation>Este cabeçalho de seção está vazio; ele e as configurações abaixo dele foram ignorados. Escreva [default] ou [profile NAME].</translation>
    </message>
    <message>
        <source>This [profile] header has no profile name; it and the settings under it are ignored. Write [profile NAME].</source>
        <translation>Este cabeçalho [profile] não tem nome de perfil; ele e as configurações abaixo dele foram ignorados. Escreva [profile NAME].</translation>
    </message>
    <message>
        <source>This profile name contains a space, which profile names cannot hold; the section and the settings under it are ignored.</source>
        <translation>Este nome de perfil contém um espaço, o que nomes de perfil não podem ter; a seção e as configurações abaixo dela foram ignoradas.</translation>
    </message>
    <message>
        <source>The setting “%1” comes before any section header, so it belongs to no profile and is ignored. Put it under [default] or [profile NAME].</source>
        <translation>A configuração “%1” vem antes de qualquer cabeçalho de seção, portanto não pertence a nenhum perfil e foi ignorada. Coloque-a em [default] ou [profile NAME].</translation>
    </message>
    <message>
        <source>This setting comes before any section header, so it belongs to no profile and is ignored. Put it under [default] or [profile NAME].</source>
        <translation>Esta configuração vem antes de qualquer cabeçalho de seção, portanto não pertence a nenhum perfil e foi ignorada. Coloque-a em [default] ou [profile NAME].</translation>
    </message>
    <message>
        <source>This line is not a “key = value” setting, a [section] header or a comment, and is ignored.</source>
        <translation>Esta linha não é uma configuração “key = value”, um cabeçalho [section] nem um comentário, e foi ignorada.</translation>
    </message>
    <message>
        <source>This line has “=” but no key before it, and is ignored.</source>
        <translation>Esta linha tem “=”, mas nenhuma chave antes dele, e foi ignorada.</translation>
    </message>
    <message>
        <source>This line is indented more than the setting “%1” on line %2, so it would continue that value over several lines, which is not supported; it is ignored. Remove the indentation.</source>
        <translation>Esta linha tem recuo maior que a configuração “%1” na linha %2, então continuaria esse valor em várias linhas, o que não é suportado; ela foi ignorada. Remova o recuo.</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(sem nome)</translation>
    </message>
    <message>
        <source>This line among the nested settings of “%1” is not a “key = value” setting and is ignored.</source>
        <translation>Esta linha entre as configurações aninhadas de “%1” não é uma configuração “key = value” e foi ignorada.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AwsEnvironment</name>
    <message>
        <source>An access key ID is one word of letters and digits, such as AKIAIOSFODNN7EXAMPLE; check for a copy-and-paste mistake.</source>
        <translation>Um ID de chave de acesso é uma única palavra de letras e dígitos, como AKIAIOSFODNN7EXAMPLE; verifique se houve erro ao copiar e colar.</translation>
    </message>
    <message>
        <source>%1 contains a blank or a line break.</source>
        <translation>%1 contém um espaço ou uma quebra de linha.</translation>
    </message>
    <message>
        <source>%1 contains quotation marks.</source>
        <translation>%1 contém aspas.</translation>
    </message>
    <message>
        <source>Remove the quotes: they are not part of the key ID.</source>
        <translation>Remova as aspas: elas não fazem parte do ID da chave.</translation>
    </message>
    <message>
        <source>%1 contains “/” or “+”, which access key IDs never hold.</source>
        <translation>%1 contém “/” ou “+”, que IDs de chave de acesso nunca contêm.</translation>
    </message>
    <message>
        <source>It may be the secret access key: check that the key ID and the secret were not swapped.</source>
        <translation>Pode ser a chave de acesso secreta: verifique se o ID da chave e o segredo não foram trocados.</translation>
    </message>
    <message>
        <source>%1 contains characters other than the letters A to Z and the digits 0 to 9.</source>
        <translation>%1 contém caracteres além das letras de A a Z e dos dígitos de 0 a 9.</translation>
    </message>
    <message>
        <source>%1 is too short to be an access key ID.</source>
        <translation>%1 é curto demais para ser um ID de chave de acesso.</translation>
    </message>
    <message>
        <source>AWS access key IDs are 16 to 128 characters long.</source>
        <translation>IDs de chave de acesso da AWS têm de 16 a 128 caracteres.</translation>
    </message>
    <message>
        <source>%1 is too long to be an access key ID.</source>
        <translation>%1 é longo demais para ser um ID de chave de acesso.</translation>
    </message>
    <message>
        <source>Check for a copy-and-paste mistake: secrets are one word.</source>
        <translation>Verifique se houve erro ao copiar e colar: segredos são uma única palavra.</translation>
    </message>
    <message>
        <source>%1 contains a line break, a tab or another invisible character.</source>
        <translation>%1 contém uma quebra de linha, uma tabulação ou outro caractere invisível.</translation>
    </message>
    <message>
        <source>%1 contains a blank.</source>
        <translation>%1 contém um espaço.</translation>
    </message>
    <message>
        <source>%1 is wrapped in quotation marks.</source>
        <translation>%1 está entre aspas.</translation>
    </message>
    <message>
        <source>Remove the quotes: they are not part of the secret.</source>
        <translation>Remova as aspas: elas não fazem parte do segredo.</translation>
    </message>
    <message>
        <source>%1 is set but %2 is not.</source>
        <translation>%1 está definida, mas %2 não.</translation>
    </message>
    <message>
        <source>Set both variables, or neither.</source>
        <translation>Defina as duas variáveis ou nenhuma.</translation>
    </message>
    <message>
        <source>%1 is set but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not.</source>
        <translation>%1 está definida, mas AWS_ACCESS_KEY_ID e AWS_SECRET_ACCESS_KEY não.</translation>
    </message>
    <message>
        <source>A session token belongs to temporary keys: set all three variables, or unset %1.</source>
        <translation>Um token de sessão pertence a chaves temporárias: defina as três variáveis ou remova %1.</translation>
    </message>
    <message>
        <source>%1 is not an ISO 8601 date and time.</source>
        <translation>%1 não é uma data e hora ISO 8601.</translation>
    </message>
    <message>
        <source>Write it like 2025-01-31T12:00:00Z, or unset it.</source>
        <translation>Escreva-a como 2025-01-31T12:00:00Z ou remova-a.</translation>
    </message>
    <message>
        <source>%1 starts with “Bearer ”.</source>
        <translation>%1 começa com “Bearer ”.</translation>
    </message>
    <message>
        <source>Set it to the API key alone; the word Bearer is added when the request is sent.</source>
        <translation>Defina-a apenas com a chave de API; a palavra Bearer é adicionada quando a solicitação é enviada.</translation>
    </message>
    <message>
        <source>%1 contains a line break or another control character.</source>
        <translation>%1 contém uma quebra de linha ou outro caractere de controle.</translation>
    </message>
    <message>
        <source>Set it to the name of a profile in your AWS config files.</source>
        <translation>Defina-a com o nome de um perfil dos seus arquivos de configuração da AWS.</translation>
    </message>
    <message>
        <source>Remove the quotes: they are not part of the profile name.</source>
        <translation>Remova as aspas: elas não fazem parte do nome do perfil.</translation>
    </message>
    <message>
        <source>%1 is not an AWS region code.</source>
        <translation>%1 não é um código de região da AWS.</translation>
    </message>
    <message>
        <source>Set it to a region code such as us-east-1 (not a region&apos;s name, and not an Availability Zone such as us-east-1a).</source>
        <translation>Defina-a com um código de região como us-east-1 (não o nome de uma região nem uma zona de disponibilidade como us-east-1a).</translation>
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
        <translation>o arquivo config</translation>
    </message>
    <message>
        <source>the credentials file</source>
        <translation>o arquivo credentials</translation>
    </message>
    <message>
        <source>Mantle Playground cannot get credentials this way yet. Run “aws configure export-credentials --profile %1 --format env” and use the variables it prints, or give the profile access keys.</source>
        <translation>O Mantle Playground ainda não consegue obter credenciais dessa forma. Execute “aws configure export-credentials --profile %1 --format env” e use as variáveis que ele mostra ou dê chaves de acesso ao perfil.</translation>
    </message>
    <message>
        <source>%1 is a folder, not an AWS configuration file.</source>
        <translation>%1 é uma pasta, não um arquivo de configuração da AWS.</translation>
    </message>
    <message>
        <source>Point AWS_CONFIG_FILE or AWS_SHARED_CREDENTIALS_FILE at a file.</source>
        <translation>Aponte AWS_CONFIG_FILE ou AWS_SHARED_CREDENTIALS_FILE para um arquivo.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation>Não foi possível ler %1: %2.</translation>
    </message>
    <message>
        <source>Check that your user may read the file.</source>
        <translation>Verifique se o seu usuário tem permissão para ler o arquivo.</translation>
    </message>
    <message>
        <source>%1 is larger than 1 MiB, too large to be an AWS configuration file.</source>
        <translation>%1 é maior que 1 MiB, grande demais para ser um arquivo de configuração da AWS.</translation>
    </message>
    <message>
        <source>Check AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE.</source>
        <translation>Verifique AWS_CONFIG_FILE e AWS_SHARED_CREDENTIALS_FILE.</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>linha %1</translation>
    </message>
    <message>
        <source>%1, line %2</source>
        <translation>%1, linha %2</translation>
    </message>
    <message>
        <source>%1 has a section [%2] on line %3, but in that file a profile&apos;s header is written [profile %2].</source>
        <translation>%1 tem uma seção [%2] na linha %3, mas nesse arquivo o cabeçalho de um perfil é escrito [profile %2].</translation>
    </message>
    <message>
        <source>Check the name; the profiles defined are: %1.</source>
        <translation>Verifique o nome; os perfis definidos são: %1.</translation>
    </message>
    <message>
        <source>Neither file defines a profile yet; run “aws configure --profile %1” to add one.</source>
        <translation>Nenhum dos arquivos define um perfil ainda; execute “aws configure --profile %1” para adicionar um.</translation>
    </message>
    <message>
        <source>The AWS profile “%1” does not exist in %2 or %3.</source>
        <translation>O perfil da AWS “%1” não existe em %2 nem em %3.</translation>
    </message>
    <message>
        <source>duration_seconds of the profile “%1” (%2) is not a whole number of seconds from %3 to %4.</source>
        <translation>duration_seconds do perfil “%1” (%2) não é um número inteiro de segundos entre %3 e %4.</translation>
    </message>
    <message>
        <source>Use 3600 for one hour, or remove the setting.</source>
        <translation>Use 3600 para uma hora ou remova a configuração.</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) assumes its role with a web identity token (web_identity_token_file), which is not supported yet.</source>
        <translation>O perfil “%1” (%2) assume sua função com um token de identidade web (web_identity_token_file), o que ainda não é suportado.</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) has role_arn but neither source_profile nor credential_source.</source>
        <translation>O perfil “%1” (%2) tem role_arn, mas não tem source_profile nem credential_source.</translation>
    </message>
    <message>
        <source>Add source_profile = NAME, the profile whose keys assume the role, or credential_source = Environment.</source>
        <translation>Adicione source_profile = NAME, o perfil cujas chaves assumem a função, ou credential_source = Environment.</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) has both source_profile and credential_source.</source>
        <translation>O perfil “%1” (%2) tem source_profile e credential_source ao mesmo tempo.</translation>
    </message>
    <message>
        <source>Keep only one of them.</source>
        <translation>Mantenha apenas um deles.</translation>
    </message>
    <message>
        <source>The role_arn of the profile “%1” (%2) is not an ARN.</source>
        <translation>O role_arn do perfil “%1” (%2) não é um ARN.</translation>
    </message>
    <message>
        <source>Write it like arn:aws:iam::123456789012:role/NAME.</source>
        <translation>Escreva-o como arn:aws:iam::123456789012:role/NAME.</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) takes its credentials from the environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set.</source>
        <translation>O perfil “%1” (%2) obtém as credenciais do ambiente, mas AWS_ACCESS_KEY_ID e AWS_SECRET_ACCESS_KEY não estão definidas.</translation>
    </message>
    <message>
        <source>Set both variables, or change credential_source.</source>
        <translation>Defina as duas variáveis ou altere credential_source.</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) takes its credentials from %3, which is not supported yet.</source>
        <translation>O perfil “%1” (%2) obtém as credenciais de %3, o que ainda não é suportado.</translation>
    </message>
    <message>
        <source>The credential_source of the profile “%1” (%2) is not one the AWS CLI knows.</source>
        <translation>O credential_source do perfil “%1” (%2) não é um valor que a AWS CLI conhece.</translation>
    </message>
    <message>
        <source>Use Environment, Ec2InstanceMetadata or EcsContainer (spelled with these capitals).</source>
        <translation>Use Environment, Ec2InstanceMetadata ou EcsContainer (com essas maiúsculas).</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) names source_profile “%3”, which does not exist in %4 or %5.</source>
        <translation>O perfil “%1” (%2) indica o source_profile “%3”, que não existe em %4 nem em %5.</translation>
    </message>
    <message>
        <source>The profiles %1 name each other as source_profile in a loop (%2).</source>
        <translation>Os perfis %1 indicam uns aos outros como source_profile em um ciclo (%2).</translation>
    </message>
    <message>
        <source>Give one profile of the chain aws_access_key_id and aws_secret_access_key, or credential_source.</source>
        <translation>Dê a um perfil da cadeia aws_access_key_id e aws_secret_access_key, ou credential_source.</translation>
    </message>
    <message>
        <source>%1; the source_profile of “%2”</source>
        <translation>%1; o source_profile de “%2”</translation>
    </message>
    <message>
        <source>The profile %1 (%2) signs in with IAM Identity Center (%3), which is not supported yet.</source>
        <translation>O perfil %1 (%2) faz login com o IAM Identity Center (%3), o que ainda não é suportado.</translation>
    </message>
    <message>
        <source>The profile %1 (%2) has %3 but no %4.</source>
        <translation>O perfil %1 (%2) tem %3, mas não tem %4.</translation>
    </message>
    <message>
        <source>Add %1 next to %2, or remove both.</source>
        <translation>Adicione %1 junto a %2 ou remova os dois.</translation>
    </message>
    <message>
        <source>%1 of the profile “%2” (%3)</source>
        <translation>%1 do perfil “%2” (%3)</translation>
    </message>
    <message>
        <source>The profile %1 (%2) gets its credentials from an external program (credential_process), which is not supported yet.</source>
        <translation>O perfil %1 (%2) obtém as credenciais de um programa externo (credential_process), o que ainda não é suportado.</translation>
    </message>
    <message>
        <source>The profile %1 (%2) has credential_source but no role_arn.</source>
        <translation>O perfil %1 (%2) tem credential_source, mas não tem role_arn.</translation>
    </message>
    <message>
        <source>credential_source only says which credentials assume role_arn; add role_arn, or give the profile access keys.</source>
        <translation>credential_source só indica quais credenciais assumem role_arn; adicione role_arn ou dê chaves de acesso ao perfil.</translation>
    </message>
    <message>
        <source>The profile %1 (%2) holds no credentials.</source>
        <translation>O perfil %1 (%2) não contém credenciais.</translation>
    </message>
    <message>
        <source>Add aws_access_key_id and aws_secret_access_key to [%1] in %2, or role_arn and source_profile to it in %3.</source>
        <translation>Adicione aws_access_key_id e aws_secret_access_key a [%1] em %2, ou role_arn e source_profile a ele em %3.</translation>
    </message>
    <message>
        <source>The key “%1” is ignored because keys are case-sensitive; write it as “%2”.</source>
        <translation>A chave “%1” foi ignorada porque as chaves diferenciam maiúsculas de minúsculas; escreva-a como “%2”.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::BedrockToken</name>
    <message>
        <source>This is not a short-term Bedrock API key: %1</source>
        <translation>Esta não é uma chave de API de curto prazo do Bedrock: %1</translation>
    </message>
    <message>
        <source>A short-term key starts with “bedrock-api-key-” followed by base64; long-term keys (“ABSK…”) cannot be read back.</source>
        <translation>Uma chave de curto prazo começa com “bedrock-api-key-” seguido de base64; chaves de longo prazo (“ABSK…”) não podem ser decodificadas.</translation>
    </message>
    <message>
        <source>A short-term API key needs an access key id and a secret access key.</source>
        <translation>Uma chave de API de curto prazo precisa de um ID de chave de acesso e de uma chave de acesso secreta.</translation>
    </message>
    <message>
        <source>“%1” is not a region code.</source>
        <translation>“%1” não é um código de região.</translation>
    </message>
    <message>
        <source>Give a region such as us-east-1.</source>
        <translation>Informe uma região como us-east-1.</translation>
    </message>
    <message>
        <source>A short-term API key lives from %1 to %2 seconds, not %3.</source>
        <translation>Uma chave de API de curto prazo dura de %1 a %2 segundos, não %3.</translation>
    </message>
    <message>
        <source>The credentials have expired.</source>
        <translation>As credenciais expiraram.</translation>
    </message>
    <message>
        <source>Renew them, then generate the key again.</source>
        <translation>Renove-as e gere a chave novamente.</translation>
    </message>
    <message>
        <source>it does not start with “bedrock-api-key-”.</source>
        <translation>não começa com “bedrock-api-key-”.</translation>
    </message>
    <message>
        <source>nothing follows the prefix.</source>
        <translation>não há nada depois do prefixo.</translation>
    </message>
    <message>
        <source>what follows the prefix is not base64.</source>
        <translation>o que vem depois do prefixo não é base64.</translation>
    </message>
    <message>
        <source>it does not hold a presigned URL.</source>
        <translation>não contém uma URL pré-assinada.</translation>
    </message>
    <message>
        <source>its URL has no %1.</source>
        <translation>a URL dela não tem %1.</translation>
    </message>
    <message>
        <source>it is not signed with AWS4-HMAC-SHA256.</source>
        <translation>não está assinada com AWS4-HMAC-SHA256.</translation>
    </message>
    <message>
        <source>its credential scope is malformed.</source>
        <translation>o escopo de credencial dela está malformado.</translation>
    </message>
    <message>
        <source>its X-Amz-Date is malformed.</source>
        <translation>o X-Amz-Date dela está malformado.</translation>
    </message>
    <message>
        <source>its X-Amz-Expires is not a positive number of seconds.</source>
        <translation>o X-Amz-Expires dela não é um número positivo de segundos.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::RequestUrl</name>
    <message>
        <source>Give a full URL such as https://bedrock-mantle.us-east-1.api.aws/v1/models.</source>
        <translation>Informe uma URL completa, como https://bedrock-mantle.us-east-1.api.aws/v1/models.</translation>
    </message>
    <message>
        <source>“%1” is not a URL: it has no scheme (https://).</source>
        <translation>“%1” não é uma URL: não tem esquema (https://).</translation>
    </message>
    <message>
        <source>“%1” uses the scheme “%2”; only https and http are supported.</source>
        <translation>“%1” usa o esquema “%2”; apenas https e http são suportados.</translation>
    </message>
    <message>
        <source>“%1” carries a user name or password; credentials never go in a URL.</source>
        <translation>“%1” contém um nome de usuário ou senha; credenciais nunca vão em uma URL.</translation>
    </message>
    <message>
        <source>“%1” has no valid host name.</source>
        <translation>“%1” não tem um nome de host válido.</translation>
    </message>
    <message>
        <source>“%1” has an invalid port.</source>
        <translation>“%1” tem uma porta inválida.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::StaticCredentialProvider</name>
    <message>
        <source>No complete AWS credentials were given: an access key id and a secret access key are needed.</source>
        <translation>Não foram informadas credenciais da AWS completas: são necessários um ID de chave de acesso e uma chave de acesso secreta.</translation>
    </message>
    <message>
        <source>Give both the access key id and the secret access key.</source>
        <translation>Informe o ID da chave de acesso e a chave de acesso secreta.</translation>
    </message>
    <message>
        <source>The credentials with the access key id %1 expired at %2.</source>
        <translation>As credenciais com o ID de chave de acesso %1 expiraram em %2.</translation>
    </message>
    <message>
        <source>Give fresh credentials: temporary credentials last 12 hours at most.</source>
        <translation>Informe credenciais novas: credenciais temporárias duram no máximo 12 horas.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::StsClient</name>
    <message>
        <source>Give the STS endpoint as https://host[:port]/, or http://127.0.0.1:PORT/ for a local test server.</source>
        <translation>Informe o endpoint do STS como https://host[:porta]/ ou http://127.0.0.1:PORTA/ para um servidor de teste local.</translation>
    </message>
    <message>
        <source>“%1” is not a valid STS endpoint URL.</source>
        <translation>“%1” não é uma URL de endpoint do STS válida.</translation>
    </message>
    <message>
        <source>The STS endpoint “%1” has a user name, query or fragment; give only the scheme, host, port and path.</source>
        <translation>O endpoint do STS “%1” tem nome de usuário, consulta ou fragmento; informe apenas o esquema, o host, a porta e o caminho.</translation>
    </message>
    <message>
        <source>The STS endpoint “%1” uses plain http, which is only allowed for this computer (127.0.0.1, ::1 or localhost).</source>
        <translation>O endpoint do STS “%1” usa http simples, que só é permitido para este computador (127.0.0.1, ::1 ou localhost).</translation>
    </message>
    <message>
        <source>Use https: the request carries a session token and the answer carries credentials.</source>
        <translation>Use https: a solicitação contém um token de sessão e a resposta contém credenciais.</translation>
    </message>
    <message>
        <source>Could not connect to STS at %1: the connection was refused.</source>
        <translation>Não foi possível conectar ao STS em %1: a conexão foi recusada.</translation>
    </message>
    <message>
        <source>Check the STS endpoint and that nothing (a firewall, a proxy) blocks it.</source>
        <translation>Verifique o endpoint do STS e se nada (um firewall, um proxy) o bloqueia.</translation>
    </message>
    <message>
        <source>Could not find the STS host of %1.</source>
        <translation>Não foi possível encontrar o host do STS de %1.</translation>
    </message>
    <message>
        <source>Check the region, the network connection and the DNS or proxy settings.</source>
        <translation>Verifique a região, a conexão de rede e as configurações de DNS ou proxy.</translation>
    </message>
    <message numerus="yes">
        <source>STS at %1 did not answer within %n second(s).</source>
        <translation>
            <numerusform>O STS em %1 não respondeu em %n segundo.</numerusform>
            <numerusform>O STS em %1 não respondeu em %n segundos.</numerusform>
        </translation>
    </message>
    <message>
        <source>Check the network connection and the proxy settings, then try again.</source>
        <translation>Verifique a conexão de rede e as configurações de proxy e tente novamente.</translation>
    </message>
    <message>
        <source>The secure connection to STS at %1 failed: %2</source>
        <translation>A conexão segura com o STS em %1 falhou: %2</translation>
    </message>
    <message>
        <source>A proxy that inspects TLS may be in the way, or the system&apos;s certificates may be out of date.</source>
        <translation>Um proxy que inspeciona TLS pode estar no caminho, ou os certificados do sistema podem estar desatualizados.</translation>
    </message>
    <message>
        <source>Could not reach STS at %1: %2</source>
        <translation>Não foi possível acessar o STS em %1: %2</translation>
    </message>
    <message>
        <source>The source credentials are incomplete: STS needs an access key id and a secret access key.</source>
        <translation>As credenciais de origem estão incompletas: o STS precisa de um ID de chave de acesso e de uma chave de acesso secreta.</translation>
    </message>
    <message>
        <source>Give the keys of the identity that may assume the role %1.</source>
        <translation>Informe as chaves da identidade que pode assumir a função %1.</translation>
    </message>
    <message>
        <source>The source credentials expired at %1.</source>
        <translation>As credenciais de origem expiraram em %1.</translation>
    </message>
    <message>
        <source>Refresh the source credentials, then try again.</source>
        <translation>Renove as credenciais de origem e tente novamente.</translation>
    </message>
    <message numerus="yes">
        <source>The answer from %1 is larger than %n KiB, so it is not an STS answer.</source>
        <translation>
            <numerusform>A resposta de %1 é maior que %n KiB, portanto não é uma resposta do STS.</numerusform>
            <numerusform>A resposta de %1 é maior que %n KiB, portanto não é uma resposta do STS.</numerusform>
        </translation>
    </message>
    <message>
        <source>Something other than AWS may have answered, such as a proxy or a captive portal: check the network, the proxy settings and the STS endpoint.</source>
        <translation>Algo diferente da AWS pode ter respondido, como um proxy ou um portal cativo: verifique a rede, as configurações de proxy e o endpoint do STS.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::StsResponseParser</name>
    <message>
        <source>none</source>
        <translation>nenhum</translation>
    </message>
    <message>
        <source>Something other than AWS may have answered, such as a proxy or a captive portal: check the network, the proxy settings and the STS endpoint.</source>
        <translation>Algo diferente da AWS pode ter respondido, como um proxy ou um portal cativo: verifique a rede, as configurações de proxy e o endpoint do STS.</translation>
    </message>
    <message>
        <source>STS at %1 answered HTTP %2 with an empty body (content type: %3).</source>
        <translation>O STS em %1 respondeu HTTP %2 com um corpo vazio (tipo de conteúdo: %3).</translation>
    </message>
    <message>
        <source>The answer from %1 (HTTP %2, content type: %3) is not an STS answer.</source>
        <translation>A resposta de %1 (HTTP %2, tipo de conteúdo: %3) não é uma resposta do STS.</translation>
    </message>
    <message>
        <source>(no message)</source>
        <translation>(sem mensagem)</translation>
    </message>
    <message>
        <source>STS refused to let the source credentials assume the role (AccessDenied): %1</source>
        <translation>O STS não permitiu que as credenciais de origem assumissem a função (AccessDenied): %1</translation>
    </message>
    <message>
        <source>The source credentials need permission for sts:AssumeRole on %1, the role&apos;s trust policy must allow them, and the external ID must match the trust policy&apos;s sts:ExternalId condition exactly.</source>
        <translation>As credenciais de origem precisam de permissão para sts:AssumeRole em %1, a política de confiança da função deve permiti-las e o ID externo deve corresponder exatamente à condição sts:ExternalId da política de confiança.</translation>
    </message>
    <message>
        <source>The source credentials need permission for sts:AssumeRole on %1, and the role&apos;s trust policy must allow them. If the trust policy requires an external ID (sts:ExternalId), give it.</source>
        <translation>As credenciais de origem precisam de permissão para sts:AssumeRole em %1, e a política de confiança da função deve permiti-las. Se a política de confiança exigir um ID externo (sts:ExternalId), informe-o.</translation>
    </message>
    <message>
        <source>The source credentials have expired (ExpiredToken): %1</source>
        <translation>As credenciais de origem expiraram (ExpiredToken): %1</translation>
    </message>
    <message>
        <source>Refresh the source credentials (sign in again or get a new session token), then try again.</source>
        <translation>Renove as credenciais de origem (faça login novamente ou obtenha um novo token de sessão) e tente novamente.</translation>
    </message>
    <message>
        <source>AWS does not know the access key id %1 (InvalidClientTokenId): %2</source>
        <translation>A AWS não conhece o ID de chave de acesso %1 (InvalidClientTokenId): %2</translation>
    </message>
    <message>
        <source>Check the source access key id: the key may have been deleted or deactivated, belong to another AWS partition, or, for temporary credentials, come with the wrong session token.</source>
        <translation>Verifique o ID da chave de acesso de origem: a chave pode ter sido excluída ou desativada, pertencer a outra partição da AWS ou, no caso de credenciais temporárias, vir com o token de sessão errado.</translation>
    </message>
    <message>
        <source>STS rejected the request&apos;s signature (SignatureDoesNotMatch): %1</source>
        <translation>O STS rejeitou a assinatura da solicitação (SignatureDoesNotMatch): %1</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is off: set it to the correct time and try again.</source>
        <translation>O relógio deste computador está errado: acerte a hora e tente novamente.</translation>
    </message>
    <message>
        <source>The secret access key is wrong for the access key id %1: check it (and that no space or line break was copied with it).</source>
        <translation>A chave de acesso secreta está errada para o ID de chave de acesso %1: verifique-a (e se nenhum espaço ou quebra de linha foi copiado junto).</translation>
    </message>
    <message>
        <source>STS is not activated in the region %1 for this account (RegionDisabledException): %2</source>
        <translation>O STS não está ativado na região %1 para esta conta (RegionDisabledException): %2</translation>
    </message>
    <message>
        <source>Enable the region in the account&apos;s settings (AWS console, Account, AWS Regions) or use another region.</source>
        <translation>Habilite a região nas configurações da conta (console da AWS, Conta, Regiões da AWS) ou use outra região.</translation>
    </message>
    <message>
        <source>STS refused a parameter of the request: %1</source>
        <translation>O STS recusou um parâmetro da solicitação: %1</translation>
    </message>
    <message>
        <source>Correct the parameter STS names and try again.</source>
        <translation>Corrija o parâmetro indicado pelo STS e tente novamente.</translation>
    </message>
    <message>
        <source>STS answered HTTP %1 with the error %2: %3</source>
        <translation>O STS respondeu HTTP %1 com o erro %2: %3</translation>
    </message>
    <message>
        <source>The AssumeRole answer from %1 (HTTP %2, content type: %3) lacks the fields %4.</source>
        <translation>A resposta de AssumeRole de %1 (HTTP %2, tipo de conteúdo: %3) não tem os campos %4.</translation>
    </message>
    <message>
        <source>The AssumeRole answer from %1 has an expiry that is not an ISO 8601 time: “%2”.</source>
        <translation>A resposta de AssumeRole de %1 tem uma expiração que não é um horário ISO 8601: “%2”.</translation>
    </message>
</context>
<context>
    <name>mantle::cli::AccountsCommand</name>
    <message>
        <source>Run `mantle accounts --help` for the usage.</source>
        <translation>Execute `mantle accounts --help` para ver o uso.</translation>
    </message>
    <message numerus="yes">
        <source>`%1` takes %n argument(s).</source>
        <translation>
            <numerusform>`%1` recebe %n argumento.</numerusform>
            <numerusform>`%1` recebe %n argumentos.</numerusform>
        </translation>
    </message>
    <message>
        <source>which command? add, list, show, rename, remove, test, policy, export, import, import-aws or import-env.</source>
        <translation>qual comando? add, list, show, rename, remove, test, policy, export, import, import-aws ou import-env.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Uso: %1</translation>
    </message>
    <message>
        <source>Secrets are read from stdin: for access-key, the secret access key and,
on a second line, an optional session token; for api-key, the API key.
Without stdin they come from AWS_SECRET_ACCESS_KEY (and
AWS_SESSION_TOKEN) or AWS_BEARER_TOKEN_BEDROCK. They are kept in the
keychain, never in a file. Settings: MANTLE_CONFIG_DIR, else
$XDG_CONFIG_HOME/Mantle Playground.</source>
        <translation>Os segredos são lidos da stdin: para access-key, a chave de acesso secreta e,
em uma segunda linha, um token de sessão opcional; para api-key, a chave de API.
Sem stdin, eles vêm de AWS_SECRET_ACCESS_KEY (e AWS_SESSION_TOKEN) ou de
AWS_BEARER_TOKEN_BEDROCK. Eles ficam no chaveiro, nunca em um arquivo.
Configurações: MANTLE_CONFIG_DIR ou, se não definida,
$XDG_CONFIG_HOME/Mantle Playground.</translation>
    </message>
    <message>
        <source>unknown command “%1”.</source>
        <translation>comando desconhecido “%1”.</translation>
    </message>
    <message>
        <source>give the API key on stdin (or in AWS_BEARER_TOKEN_BEDROCK).</source>
        <translation>informe a chave de API na stdin (ou em AWS_BEARER_TOKEN_BEDROCK).</translation>
    </message>
    <message>
        <source>give the secret access key on stdin (or in AWS_SECRET_ACCESS_KEY).</source>
        <translation>informe a chave de acesso secreta na stdin (ou em AWS_SECRET_ACCESS_KEY).</translation>
    </message>
    <message>
        <source>stdin holds %1 lines; expected at most %2.</source>
        <translation>a stdin tem %1 linhas; esperado no máximo %2.</translation>
    </message>
    <message>
        <source>The API key</source>
        <translation>A chave de API</translation>
    </message>
    <message>
        <source>The secret access key</source>
        <translation>A chave de acesso secreta</translation>
    </message>
    <message>
        <source>The session token</source>
        <translation>O token de sessão</translation>
    </message>
    <message>
        <source>A Mantle region.</source>
        <translation>Uma região do Mantle.</translation>
    </message>
    <message>
        <source>access-key, api-key or role.</source>
        <translation>access-key, api-key ou role.</translation>
    </message>
    <message>
        <source>The access key id.</source>
        <translation>O ID da chave de acesso.</translation>
    </message>
    <message>
        <source>The role to assume.</source>
        <translation>A função a assumir.</translation>
    </message>
    <message>
        <source>The access-key account that assumes it.</source>
        <translation>A conta com chave de acesso que a assume.</translation>
    </message>
    <message>
        <source>The AWS profile that assumes it.</source>
        <translation>O perfil da AWS que a assume.</translation>
    </message>
    <message>
        <source>The role&apos;s external ID.</source>
        <translation>O ID externo da função.</translation>
    </message>
    <message>
        <source>The role session name.</source>
        <translation>O nome da sessão da função.</translation>
    </message>
    <message>
        <source>The role session&apos;s length, 900 to 43200 s.</source>
        <translation>A duração da sessão da função, de 900 a 43200 s.</translation>
    </message>
    <message>
        <source>An endpoint override (root URL).</source>
        <translation>Um endpoint alternativo (URL raiz).</translation>
    </message>
    <message>
        <source>Notes.</source>
        <translation>Observações.</translation>
    </message>
    <message>
        <source>--auth takes access-key, api-key or role.</source>
        <translation>--auth aceita access-key, api-key ou role.</translation>
    </message>
    <message>
        <source>--access-key-id is for --auth access-key.</source>
        <translation>--access-key-id é para --auth access-key.</translation>
    </message>
    <message>
        <source>--role-arn and the other role flags are for --auth role.</source>
        <translation>--role-arn e as outras opções de função são para --auth role.</translation>
    </message>
    <message>
        <source>a role takes one of --source-account and --source-profile.</source>
        <translation>uma função aceita uma das opções --source-account e --source-profile.</translation>
    </message>
    <message>
        <source>--duration takes a number of seconds.</source>
        <translation>--duration recebe um número de segundos.</translation>
    </message>
    <message>
        <source>Added account “%1”.</source>
        <translation>Conta “%1” adicionada.</translation>
    </message>
    <message>
        <source>(broken: %1)</source>
        <translation>(corrompida: %1)</translation>
    </message>
    <message>
        <source>name</source>
        <translation>nome</translation>
    </message>
    <message>
        <source>auth</source>
        <translation>autenticação</translation>
    </message>
    <message>
        <source>region</source>
        <translation>região</translation>
    </message>
    <message>
        <source>endpoint</source>
        <translation>endpoint</translation>
    </message>
    <message>
        <source>access key id</source>
        <translation>ID da chave de acesso</translation>
    </message>
    <message>
        <source>secret access key</source>
        <translation>chave de acesso secreta</translation>
    </message>
    <message>
        <source>in the keychain</source>
        <translation>no chaveiro</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Chave de API</translation>
    </message>
    <message>
        <source>role ARN</source>
        <translation>ARN da função</translation>
    </message>
    <message>
        <source>external ID</source>
        <translation>ID externo</translation>
    </message>
    <message>
        <source>session name</source>
        <translation>nome da sessão</translation>
    </message>
    <message>
        <source>duration</source>
        <translation>duração</translation>
    </message>
    <message>
        <source>source account</source>
        <translation>conta de origem</translation>
    </message>
    <message>
        <source>source AWS profile</source>
        <translation>perfil da AWS de origem</translation>
    </message>
    <message>
        <source>notes</source>
        <translation>observações</translation>
    </message>
    <message>
        <source>Renamed account “%1” to “%2”.</source>
        <translation>Conta “%1” renomeada para “%2”.</translation>
    </message>
    <message>
        <source>Removed account “%1” and its secrets.</source>
        <translation>Conta “%1” e seus segredos removidos.</translation>
    </message>
    <message>
        <source>The model of the tiny request (default: the first listed Chat Completions model).</source>
        <translation>O modelo da solicitação mínima (padrão: o primeiro modelo Chat Completions listado).</translation>
    </message>
    <message>
        <source>Account “%1”: %2 in %3.</source>
        <translation>Conta “%1”: %2 em %3.</translation>
    </message>
    <message>
        <source>the IAM principal of account “%1”</source>
        <translation>a entidade principal do IAM da conta “%1”</translation>
    </message>
    <message>
        <source>the IAM principal of AWS profile “%1”</source>
        <translation>a entidade principal do IAM do perfil da AWS “%1”</translation>
    </message>
    <message>
        <source>note: %1</source>
        <translation>observação: %1</translation>
    </message>
    <message>
        <source>fix: %1</source>
        <translation>correção: %1</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>ignorado</translation>
    </message>
    <message>
        <source>Account “%1” works.</source>
        <translation>A conta “%1” funciona.</translation>
    </message>
    <message>
        <source>The AWS account id of the resources (default: the role&apos;s, else *).</source>
        <translation>O ID da conta da AWS dos recursos (padrão: o da função ou *).</translation>
    </message>
    <message>
        <source>Leave out the Marketplace statement for third-party models.</source>
        <translation>Omite a declaração do Marketplace para modelos de terceiros.</translation>
    </message>
    <message>
        <source>For a role: the ARN of the principal that assumes it.</source>
        <translation>Para uma função: o ARN da entidade principal que a assume.</translation>
    </message>
    <message>
        <source>--account-id takes a 12-digit AWS account id.</source>
        <translation>--account-id recebe um ID de conta da AWS de 12 dígitos.</translation>
    </message>
    <message>
        <source>Exported the settings of “%1” (no secrets).</source>
        <translation>Configurações de “%1” exportadas (sem segredos).</translation>
    </message>
    <message>
        <source>The new account&apos;s name.</source>
        <translation>O nome da nova conta.</translation>
    </message>
    <message>
        <source>The accounts&apos; name prefix (default: env).</source>
        <translation>O prefixo do nome das contas (padrão: env).</translation>
    </message>
    <message>
        <source>The environment holds no AWS credentials to import.</source>
        <translation>O ambiente não contém credenciais da AWS para importar.</translation>
    </message>
    <message>
        <source>Add, list, show, remove and test accounts</source>
        <translation>Adiciona, lista, mostra, remove e testa contas</translation>
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
        <translation>destino</translation>
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
        <translation>total</translation>
    </message>
    <message>
        <source>in</source>
        <translation>entrada</translation>
    </message>
    <message>
        <source>out</source>
        <translation>saída</translation>
    </message>
    <message>
        <source>cost</source>
        <translation>custo</translation>
    </message>
    <message>
        <source>error</source>
        <translation>erro</translation>
    </message>
    <message>
        <source>Tool call %1: %2 %3</source>
        <translation>Chamada de ferramenta %1: %2 %3</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Falhou: %1</translation>
    </message>
    <message>
        <source>Send one prompt to several models, regions or APIs at once and compare</source>
        <translation>Envia um prompt a vários modelos, regiões ou APIs de uma vez e compara</translation>
    </message>
    <message>
        <source>Run `mantle compare --help` for the options.</source>
        <translation>Execute `mantle compare --help` para ver as opções.</translation>
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
        <translation>Envia um prompt, com o mesmo prompt de sistema, ferramentas, esquema e parâmetros, a
1 a 6 destinos de uma vez e imprime cada resposta sob um cabeçalho e, em seguida, uma
tabela: tempo até o primeiro token, tokens por segundo, tempo total, tokens de entrada e
de saída, custo e erro. Um destino é uma lista de itens key=value separados por vírgula:
api (chat, responses ou messages), model, region e account; o que um destino omite vem
de --model, --region e --account. Cada destino recebe o que a API dele suporta (por
exemplo, seed só no Chat Completions); as respostas sempre usam streaming, então
--stream não muda nada. --json imprime a tabela com cada resposta como JSON; --csv, a
tabela como CSV. Código de saída 1 quando algum destino falha; os outros ainda são
impressos. As credenciais vêm da conta ou, senão, de AWS_BEARER_TOKEN_BEDROCK ou,
senão, de AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY e AWS_SESSION_TOKEN.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Mostra esta ajuda.</translation>
    </message>
    <message>
        <source>A target, e.g. api=messages,model=anthropic.claude-haiku-4-5,region=us-west-2 (repeat for each, 1 to 6).</source>
        <translation>Um destino, por exemplo, api=messages,model=anthropic.claude-haiku-4-5,region=us-west-2 (repita para cada um, de 1 a 6).</translation>
    </message>
    <message>
        <source>Compare --model through every answer API the model catalogue says it serves.</source>
        <translation>Compara o --model em todas as APIs de resposta que, segundo o catálogo de modelos, ele oferece.</translation>
    </message>
    <message>
        <source>Print the table as CSV (RFC 4180) instead.</source>
        <translation>Imprime a tabela como CSV (RFC 4180) em vez disso.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Uso: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>argumento inesperado “%1”.</translation>
    </message>
    <message>
        <source>--csv and --json cannot be combined.</source>
        <translation>--csv e --json não podem ser combinados.</translation>
    </message>
    <message>
        <source>compare does not run background responses.</source>
        <translation>compare não executa respostas em segundo plano.</translation>
    </message>
    <message>
        <source>--cross-api and --target cannot be combined.</source>
        <translation>--cross-api e --target não podem ser combinados.</translation>
    </message>
    <message>
        <source>give the targets with --target SPEC, or --cross-api.</source>
        <translation>informe os destinos com --target SPEC ou --cross-api.</translation>
    </message>
    <message>
        <source>--cross-api needs --model.</source>
        <translation>--cross-api exige --model.</translation>
    </message>
    <message>
        <source>The target is not known.</source>
        <translation>O destino é desconhecido.</translation>
    </message>
    <message numerus="yes">
        <source>mantle compare: %n of %1 targets failed.</source>
        <translation>
            <numerusform>mantle compare: %n de %1 destinos falhou.</numerusform>
            <numerusform>mantle compare: %n de %1 destinos falharam.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mantle::cli::EmulatorCommand</name>
    <message>
        <source>Run a local Mantle emulator on 127.0.0.1</source>
        <translation>Executa um emulador local do Mantle em 127.0.0.1</translation>
    </message>
</context>
<context>
    <name>mantle::cli::Mantle</name>
    <message>
        <source>Usage: mantle COMMAND [OPTIONS]</source>
        <translation>Uso: mantle COMMAND [OPTIONS]</translation>
    </message>
    <message>
        <source>Try prompts against Amazon Bedrock Mantle from the command line.</source>
        <translation>Teste prompts no Amazon Bedrock Mantle pela linha de comando.</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>Comandos:</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>Opções:</translation>
    </message>
    <message>
        <source>Show this help; `mantle COMMAND --help` shows a command&apos;s.</source>
        <translation>Mostra esta ajuda; `mantle COMMAND --help` mostra a de um comando.</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>Mostra a versão.</translation>
    </message>
    <message>
        <source>mantle: unknown command “%1”. Run `mantle --help` for the list.</source>
        <translation>mantle: comando desconhecido “%1”. Execute `mantle --help` para ver a lista.</translation>
    </message>
</context>
<context>
    <name>mantle::cli::ModelsCommand</name>
    <message>
        <source>Run `mantle models --help` for the options.</source>
        <translation>Execute `mantle models --help` para ver as opções.</translation>
    </message>
    <message>
        <source>List the models of a region: live, catalogue and custom</source>
        <translation>Lista os modelos de uma região: ao vivo, do catálogo e personalizados</translation>
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
        <translation>Lista os modelos de uma região, um ID por linha: os modelos que a região oferece
(seu GET /v1/models ao vivo), descritos pelo catálogo embutido, mais os modelos
personalizados e as substituições da conta (--account), como a visão Modelos do
app os mostra. Quando a lista ao vivo não pode ser obtida, o comando falha;
--offline lista o catálogo e os modelos personalizados sem fazer solicitação.
--json imprime um array de objetos (id, displayName, provider, surfaces,
routePrefix, region, listedLive, inCatalogue, custom, privatePrices, prices).
As credenciais vêm da conta ou, senão, de AWS_BEARER_TOKEN_BEDROCK ou, senão,
de AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY e AWS_SESSION_TOKEN.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Mostra esta ajuda.</translation>
    </message>
    <message>
        <source>Print a table: id, surfaces, route prefix, region, source (live, catalogue or custom), input and output price per million tokens.</source>
        <translation>Imprime uma tabela: ID, APIs, prefixo de rota, região, origem (ao vivo, catálogo ou personalizado), preço de entrada e de saída por milhão de tokens.</translation>
    </message>
    <message>
        <source>Send no request: list the built-in catalogue and the account&apos;s custom models.</source>
        <translation>Não envia solicitação: lista o catálogo embutido e os modelos personalizados da conta.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Uso: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>argumento inesperado “%1”.</translation>
    </message>
    <message>
        <source>--details and --json cannot be combined.</source>
        <translation>--details e --json não podem ser combinados.</translation>
    </message>
</context>
<context>
    <name>mantle::cli::RegionsCommand</name>
    <message>
        <source>Run `mantle regions --help` for the options.</source>
        <translation>Execute `mantle regions --help` para ver as opções.</translation>
    </message>
    <message>
        <source>Which of the 13 regions serve a model, with a latency probe</source>
        <translation>Quais das 13 regiões oferecem um modelo, com medição de latência</translation>
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
        <translation>Pede a todas as 13 regiões do Mantle, de uma vez, a lista de modelos ao vivo
(GET /v1/models) e imprime uma linha por região: a região, o nome dela, se ela lista o
modelo (--model), quantos modelos ela lista, a medição de latência (milissegundos até o
primeiro byte da resposta da lista, incluindo o estabelecimento da conexão) e o erro de
uma região que falhou. --json imprime {model, shared_endpoint, answered, serving,
regions: [{region, name, status, serves_model, models_listed, latency_ms, error}]}.
Código de saída 0 quando pelo menos uma região respondeu; senão, 1. As credenciais vêm
da conta ou, senão, de AWS_BEARER_TOKEN_BEDROCK ou, senão, de AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY e AWS_SESSION_TOKEN; com SigV4, a solicitação de cada região é
assinada para essa região.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Mostra esta ajuda.</translation>
    </message>
    <message>
        <source>The model to look for in each region&apos;s list.</source>
        <translation>O modelo a procurar na lista de cada região.</translation>
    </message>
    <message>
        <source>An account of the app (see `mantle accounts`).</source>
        <translation>Uma conta do app (veja `mantle accounts`).</translation>
    </message>
    <message>
        <source>Send every region&apos;s request to this root URL instead of the region&apos;s own (plain http only to loopback).</source>
        <translation>Envia a solicitação de cada região para esta URL raiz em vez da URL da própria região (http simples só para loopback).</translation>
    </message>
    <message>
        <source>Print the result as JSON instead of a table.</source>
        <translation>Imprime o resultado como JSON em vez de uma tabela.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Uso: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>argumento inesperado “%1”.</translation>
    </message>
    <message>
        <source>--account must not be empty.</source>
        <translation>--account não pode ser vazio.</translation>
    </message>
    <message>
        <source>--endpoint: %1</source>
        <translation>--endpoint: %1</translation>
    </message>
    <message>
        <source>--model must not be empty.</source>
        <translation>--model não pode ser vazio.</translation>
    </message>
</context>
<context>
    <name>mantle::cli::ReplayCommand</name>
    <message>
        <source>Run `mantle replay --help` for the options.</source>
        <translation>Execute `mantle replay --help` para ver as opções.</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2.</source>
        <translation>Não foi possível ler “%1”: %2.</translation>
    </message>
    <message>
        <source>Read a recorded stream or answer body and print the turn as JSON</source>
        <translation>Lê um stream ou corpo de resposta gravado e imprime o turno como JSON</translation>
    </message>
    <message>
        <source>Feeds a recorded server-sent event stream (or a non-streamed JSON answer body)
through the parser and accumulator of one API and prints the final turn as
JSON: {text, reasoning, tool_calls, usage, stop_reason, response_id, error}.
An error the stream reports is part of the turn; the exit code is still 0.</source>
        <translation>Passa um stream de server-sent events gravado (ou um corpo de resposta JSON sem
streaming) pelo parser e pelo acumulador de uma API e imprime o turno final como
JSON: {text, reasoning, tool_calls, usage, stop_reason, response_id, error}.
Um erro informado pelo stream faz parte do turno; o código de saída ainda é 0.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Mostra esta ajuda.</translation>
    </message>
    <message>
        <source>The API that produced the recording: chat, responses or messages.</source>
        <translation>A API que produziu a gravação: chat, responses ou messages.</translation>
    </message>
    <message>
        <source>The recorded stream or answer body.</source>
        <translation>O stream ou corpo de resposta gravado.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Uso: %1</translation>
    </message>
    <message>
        <source>--api is required (chat, responses or messages).</source>
        <translation>--api é obrigatório (chat, responses ou messages).</translation>
    </message>
    <message>
        <source>--api “%1” is not one of chat, responses, messages.</source>
        <translation>--api “%1” não é chat, responses nem messages.</translation>
    </message>
    <message>
        <source>name the FILE to replay.</source>
        <translation>indique o FILE a reproduzir.</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>argumento inesperado “%1”.</translation>
    </message>
</context>
<context>
    <name>mantle::cli::RequestCommand</name>
    <message>
        <source>Send a prompt with the Chat Completions API and print the answer</source>
        <translation>Envia um prompt com a API Chat Completions e imprime a resposta</translation>
    </message>
    <message>
        <source>Send a prompt with the Responses API and print the answer</source>
        <translation>Envia um prompt com a API Responses e imprime a resposta</translation>
    </message>
    <message>
        <source>Send a prompt with the Anthropic Messages API and print the answer</source>
        <translation>Envia um prompt com a API Anthropic Messages e imprime a resposta</translation>
    </message>
    <message>
        <source>Count the input tokens of a Messages request</source>
        <translation>Conta os tokens de entrada de uma solicitação Messages</translation>
    </message>
    <message>
        <source>Run `mantle %1 --help` for the options.</source>
        <translation>Execute `mantle %1 --help` para ver as opções.</translation>
    </message>
    <message>
        <source>%1.
Credentials come from AWS_BEARER_TOKEN_BEDROCK, else AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.</source>
        <translation>%1.
As credenciais vêm de AWS_BEARER_TOKEN_BEDROCK ou, senão, de AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY e AWS_SESSION_TOKEN.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Mostra esta ajuda.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Uso: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1” (the stored-response actions are get, delete and cancel).</source>
        <translation>argumento inesperado “%1” (as ações de resposta armazenada são get, delete e cancel).</translation>
    </message>
    <message>
        <source>%1 takes exactly one response id.</source>
        <translation>%1 recebe exatamente um ID de resposta.</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>argumento inesperado “%1”.</translation>
    </message>
    <message>
        <source>count-tokens does not stream.</source>
        <translation>count-tokens não faz streaming.</translation>
    </message>
</context>
<context>
    <name>mantle::cli::RequestOptions</name>
    <message>
        <source>%1: cannot read “%2”: %3.</source>
        <translation>%1: não foi possível ler “%2”: %3.</translation>
    </message>
    <message>
        <source>%1: “%2” is not JSON (%3 at byte %4).</source>
        <translation>%1: “%2” não é JSON (%3 no byte %4).</translation>
    </message>
    <message>
        <source>--tools: “%1” must hold a JSON array of tools.</source>
        <translation>--tools: “%1” deve conter um array JSON de ferramentas.</translation>
    </message>
    <message>
        <source>The model id, e.g. openai.gpt-oss-120b.</source>
        <translation>O ID do modelo, por exemplo, openai.gpt-oss-120b.</translation>
    </message>
    <message>
        <source>The prompt (read from stdin when absent).</source>
        <translation>O prompt (lido da stdin quando ausente).</translation>
    </message>
    <message>
        <source>The system prompt.</source>
        <translation>O prompt de sistema.</translation>
    </message>
    <message>
        <source>The most tokens to generate.</source>
        <translation>O máximo de tokens a gerar.</translation>
    </message>
    <message>
        <source>The sampling temperature, 0 to 2.</source>
        <translation>A temperatura de amostragem, de 0 a 2.</translation>
    </message>
    <message>
        <source>How hard a reasoning model thinks: low, medium or high.</source>
        <translation>O quanto um modelo de raciocínio pensa: low, medium ou high.</translation>
    </message>
    <message>
        <source>A JSON file with an array of tools in the API&apos;s own shape.</source>
        <translation>Um arquivo JSON com um array de ferramentas no formato da própria API.</translation>
    </message>
    <message>
        <source>auto, none, required or the name of a tool to call.</source>
        <translation>auto, none, required ou o nome de uma ferramenta a chamar.</translation>
    </message>
    <message>
        <source>A JSON Schema file the answer must follow (structured output).</source>
        <translation>Um arquivo JSON Schema que a resposta deve seguir (saída estruturada).</translation>
    </message>
    <message>
        <source>Continue from a stored response (responses only).</source>
        <translation>Continua a partir de uma resposta armazenada (somente responses).</translation>
    </message>
    <message>
        <source>Ask the server not to store the response (responses only).</source>
        <translation>Pede ao servidor que não armazene a resposta (somente responses).</translation>
    </message>
    <message>
        <source>Run the response in the background and follow it until it is done (responses only).</source>
        <translation>Executa a resposta em segundo plano e a acompanha até terminar (somente responses).</translation>
    </message>
    <message>
        <source>Stream the answer, printing text as it comes.</source>
        <translation>Faz streaming da resposta, imprimindo o texto à medida que chega.</translation>
    </message>
    <message>
        <source>Print the final turn as JSON instead of the text.</source>
        <translation>Imprime o turno final como JSON em vez do texto.</translation>
    </message>
    <message>
        <source>The AWS region (default: AWS_REGION or AWS_DEFAULT_REGION).</source>
        <translation>A região da AWS (padrão: AWS_REGION ou AWS_DEFAULT_REGION).</translation>
    </message>
    <message>
        <source>The root URL to send to instead of the region&apos;s Mantle host.</source>
        <translation>A URL raiz para onde enviar, em vez do host do Mantle da região.</translation>
    </message>
    <message>
        <source>An account of the app (see `mantle accounts`).</source>
        <translation>Uma conta do app (veja `mantle accounts`).</translation>
    </message>
    <message>
        <source>--account must not be empty.</source>
        <translation>--account não pode ser vazio.</translation>
    </message>
    <message>
        <source>--region must not be empty.</source>
        <translation>--region não pode ser vazio.</translation>
    </message>
    <message>
        <source>--endpoint: %1</source>
        <translation>--endpoint: %1</translation>
    </message>
    <message>
        <source>--model is required.</source>
        <translation>--model é obrigatório.</translation>
    </message>
    <message>
        <source>give the prompt with --prompt TEXT or on stdin.</source>
        <translation>informe o prompt com --prompt TEXT ou na stdin.</translation>
    </message>
    <message>
        <source>--max-tokens takes a positive whole number, not “%1”.</source>
        <translation>--max-tokens recebe um número inteiro positivo, não “%1”.</translation>
    </message>
    <message>
        <source>--temperature takes a number from 0 to 2, not “%1”.</source>
        <translation>--temperature recebe um número de 0 a 2, não “%1”.</translation>
    </message>
    <message>
        <source>--reasoning-effort takes low, medium or high, not “%1”.</source>
        <translation>--reasoning-effort recebe low, medium ou high, não “%1”.</translation>
    </message>
    <message>
        <source>--tool-choice takes auto, none, required or a tool&apos;s name.</source>
        <translation>--tool-choice recebe auto, none, required ou o nome de uma ferramenta.</translation>
    </message>
    <message>
        <source>--schema: “%1” must hold a JSON Schema object.</source>
        <translation>--schema: “%1” deve conter um objeto JSON Schema.</translation>
    </message>
    <message>
        <source>--background is for the responses command only.</source>
        <translation>--background é apenas para o comando responses.</translation>
    </message>
    <message>
        <source>--background and --stream do not go together: a background response is followed by asking for it until it is done.</source>
        <translation>--background e --stream não podem ser usados juntos: uma resposta em segundo plano é acompanhada consultando-a até terminar.</translation>
    </message>
    <message>
        <source>--background needs the response stored: drop --no-store.</source>
        <translation>--background exige que a resposta seja armazenada: remova --no-store.</translation>
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
        <translation>Nenhuma região: informe --region R ou defina AWS_REGION.</translation>
    </message>
    <message>
        <source>AWS profiles are not supported by the CLI yet (%1 is set).</source>
        <translation>A CLI ainda não suporta perfis da AWS (%1 está definida).</translation>
    </message>
    <message>
        <source>Export the profile&apos;s keys as AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (for example with `aws configure export-credentials --format env`), or set AWS_BEARER_TOKEN_BEDROCK.</source>
        <translation>Exporte as chaves do perfil como AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY e AWS_SESSION_TOKEN (por exemplo, com `aws configure export-credentials --format env`) ou defina AWS_BEARER_TOKEN_BEDROCK.</translation>
    </message>
    <message>
        <source>No credentials in the environment.</source>
        <translation>Nenhuma credencial no ambiente.</translation>
    </message>
    <message>
        <source>Set AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials).</source>
        <translation>Defina AWS_BEARER_TOKEN_BEDROCK com uma chave de API do Bedrock, ou AWS_ACCESS_KEY_ID e AWS_SECRET_ACCESS_KEY (e AWS_SESSION_TOKEN para credenciais temporárias).</translation>
    </message>
    <message>
        <source>No region: give --region R, --account A or set AWS_REGION.</source>
        <translation>Nenhuma região: informe --region R ou --account A, ou defina AWS_REGION.</translation>
    </message>
    <message>
        <source>Tool call %1: %2 %3</source>
        <translation>Chamada de ferramenta %1: %2 %3</translation>
    </message>
    <message>
        <source>The answer ended with an error: %1</source>
        <translation>A resposta terminou com um erro: %1</translation>
    </message>
    <message>
        <source>Background response %1: %2</source>
        <translation>Resposta em segundo plano %1: %2</translation>
    </message>
    <message>
        <source>Deleted %1.</source>
        <translation>%1 excluída.</translation>
    </message>
    <message>
        <source>Response %1: %2</source>
        <translation>Resposta %1: %2</translation>
    </message>
    <message>
        <source>The count tokens answer has no input_tokens.</source>
        <translation>A resposta da contagem de tokens não tem input_tokens.</translation>
    </message>
    <message>
        <source>No region answered.</source>
        <translation>Nenhuma região respondeu.</translation>
    </message>
</context>
<context>
    <name>mantle::cli::SignCommand</name>
    <message>
        <source>Run `mantle sign --help` for the options.</source>
        <translation>Execute `mantle sign --help` para ver as opções.</translation>
    </message>
    <message>
        <source>Sign a request with SigV4 and print the signature as JSON</source>
        <translation>Assina uma solicitação com SigV4 e imprime a assinatura como JSON</translation>
    </message>
    <message>
        <source>Signs one HTTP request with AWS Signature Version 4 and prints JSON:
{canonical_request, string_to_sign, signature, authorization, headers, url}.
Credentials come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
AWS_SESSION_TOKEN; nothing is sent.</source>
        <translation>Assina uma solicitação HTTP com AWS Signature Version 4 e imprime JSON:
{canonical_request, string_to_sign, signature, authorization, headers, url}.
As credenciais vêm de AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY e
AWS_SESSION_TOKEN; nada é enviado.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Mostra esta ajuda.</translation>
    </message>
    <message>
        <source>The HTTP method (GET).</source>
        <translation>O método HTTP (GET).</translation>
    </message>
    <message>
        <source>The full request URL.</source>
        <translation>A URL completa da solicitação.</translation>
    </message>
    <message>
        <source>A header to sign, as &apos;Name: value&apos; (repeatable).</source>
        <translation>Um cabeçalho a assinar, como &apos;Name: value&apos; (repetível).</translation>
    </message>
    <message>
        <source>A file whose bytes are the request body.</source>
        <translation>Um arquivo cujos bytes são o corpo da solicitação.</translation>
    </message>
    <message>
        <source>The signing region.</source>
        <translation>A região de assinatura.</translation>
    </message>
    <message>
        <source>The signing service (bedrock-mantle).</source>
        <translation>O serviço de assinatura (bedrock-mantle).</translation>
    </message>
    <message>
        <source>The signing time, YYYYMMDDTHHMMSSZ (now).</source>
        <translation>O horário da assinatura, YYYYMMDDTHHMMSSZ (agora).</translation>
    </message>
    <message>
        <source>Do not add and sign the x-amz-content-sha256 header.</source>
        <translation>Não adiciona nem assina o cabeçalho x-amz-content-sha256.</translation>
    </message>
    <message>
        <source>Sign as a presigned URL valid for SECONDS instead of with a header.</source>
        <translation>Assina como URL pré-assinada válida por SECONDS em vez de usar um cabeçalho.</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>argumento inesperado “%1”.</translation>
    </message>
    <message>
        <source>--url is required.</source>
        <translation>--url é obrigatório.</translation>
    </message>
    <message>
        <source>--region is required.</source>
        <translation>--region é obrigatório.</translation>
    </message>
    <message>
        <source>“%1” is not a region code such as us-east-1.</source>
        <translation>“%1” não é um código de região como us-east-1.</translation>
    </message>
    <message>
        <source>Mantle is not served in “%1”. Its regions are: %2.</source>
        <translation>O Mantle não é oferecido em “%1”. As regiões dele são: %2.</translation>
    </message>
    <message>
        <source>“%1” is not a service name.</source>
        <translation>“%1” não é um nome de serviço.</translation>
    </message>
    <message>
        <source>--time “%1” is not of the form YYYYMMDDTHHMMSSZ (for example 20260101T120000Z).</source>
        <translation>--time “%1” não está no formato YYYYMMDDTHHMMSSZ (por exemplo, 20260101T120000Z).</translation>
    </message>
    <message>
        <source>--presign takes a number of seconds from 1 to 604800.</source>
        <translation>--presign recebe um número de segundos de 1 a 604800.</translation>
    </message>
    <message>
        <source>--method must not be empty.</source>
        <translation>--method não pode ser vazio.</translation>
    </message>
    <message>
        <source>--header “%1” is not of the form &apos;Name: value&apos;.</source>
        <translation>--header “%1” não está no formato &apos;Name: value&apos;.</translation>
    </message>
    <message>
        <source>Cannot read the body file “%1”: %2.</source>
        <translation>Não foi possível ler o arquivo de corpo “%1”: %2.</translation>
    </message>
    <message>
        <source>No AWS credentials in the environment.</source>
        <translation>Nenhuma credencial da AWS no ambiente.</translation>
    </message>
    <message>
        <source>Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials).</source>
        <translation>Defina AWS_ACCESS_KEY_ID e AWS_SECRET_ACCESS_KEY (e AWS_SESSION_TOKEN para credenciais temporárias).</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Uso: %1</translation>
    </message>
</context>
<context>
    <name>mantle::cli::SnippetCommand</name>
    <message>
        <source>--spec: cannot read “%1”: %2.</source>
        <translation>--spec: não foi possível ler “%1”: %2.</translation>
    </message>
    <message>
        <source>--spec: “%1” does not hold a JSON object.</source>
        <translation>--spec: “%1” não contém um objeto JSON.</translation>
    </message>
    <message>
        <source>--spec: %1</source>
        <translation>--spec: %1</translation>
    </message>
    <message>
        <source>Print a request as a program (Python, TypeScript, curl)</source>
        <translation>Imprime uma solicitação como programa (Python, TypeScript, curl)</translation>
    </message>
    <message>
        <source>Run `mantle snippet --help` for the options.</source>
        <translation>Execute `mantle snippet --help` para ver as opções.</translation>
    </message>
    <message>
        <source>%1.
The program reads its credentials from the environment when it runs
(AWS_BEARER_TOKEN_BEDROCK, or the AWS_* key variables or AWS_PROFILE for SigV4);
this command reads none and sends nothing.</source>
        <translation>%1.
O programa lê as credenciais do ambiente quando é executado
(AWS_BEARER_TOKEN_BEDROCK, ou as variáveis de chave AWS_* ou AWS_PROFILE para
SigV4); este comando não lê nenhuma e não envia nada.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Mostra esta ajuda.</translation>
    </message>
    <message>
        <source>The API: %1.</source>
        <translation>A API: %1.</translation>
    </message>
    <message>
        <source>The language: %1.</source>
        <translation>A linguagem: %1.</translation>
    </message>
    <message>
        <source>A request description (RequestSpec JSON) instead of the request flags.</source>
        <translation>Uma descrição da solicitação (JSON RequestSpec) em vez das opções de solicitação.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Uso: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>argumento inesperado “%1”.</translation>
    </message>
    <message>
        <source>--lang is required (%1).</source>
        <translation>--lang é obrigatório (%1).</translation>
    </message>
    <message>
        <source>--lang takes %1, not “%2”.</source>
        <translation>--lang recebe %1, não “%2”.</translation>
    </message>
    <message>
        <source>--api takes %1, not “%2”.</source>
        <translation>--api recebe %1, não “%2”.</translation>
    </message>
    <message>
        <source>--spec replaces --%1: give one or the other.</source>
        <translation>--spec substitui --%1: informe um ou outro.</translation>
    </message>
    <message>
        <source>--api %1 does not match the spec&apos;s API (%2).</source>
        <translation>--api %1 não corresponde à API da spec (%2).</translation>
    </message>
    <message>
        <source>--api is required (%1).</source>
        <translation>--api é obrigatório (%1).</translation>
    </message>
</context>
<context>
    <name>mantle::cli::TokenCommand</name>
    <message>
        <source>Run `mantle token --help` for the options.</source>
        <translation>Execute `mantle token --help` para ver as opções.</translation>
    </message>
    <message>
        <source>A short-term API key is made from SigV4 credentials (access keys or a role), not from another API key: use such an account, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN).</source>
        <translation>Uma chave de API de curto prazo é gerada a partir de credenciais SigV4 (chaves de acesso ou uma função), não de outra chave de API: use uma conta desse tipo ou defina AWS_ACCESS_KEY_ID e AWS_SECRET_ACCESS_KEY (e AWS_SESSION_TOKEN).</translation>
    </message>
    <message>
        <source>Make a short-term Bedrock API key from SigV4 credentials</source>
        <translation>Gera uma chave de API de curto prazo do Bedrock a partir de credenciais SigV4</translation>
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
        <translation>Gera localmente uma chave de API de curto prazo do Bedrock (&quot;bedrock-api-key-…&quot;, válida
por até 12 horas e em uma região) a partir de credenciais SigV4, como fazem os geradores
de tokens da AWS, e a imprime sozinha na stdout, para que
  export AWS_BEARER_TOKEN_BEDROCK=$(mantle token --region us-east-1)
funcione; a expiração e a região vão para a stderr. As credenciais vêm da conta
(--account: chaves de acesso ou uma função assumida pelo STS) ou, senão, de
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY e AWS_SESSION_TOKEN. Credenciais temporárias
que expiram antes reduzem a validade da chave à delas. A chave vale para qualquer
endpoint ao qual a solicitação seja enviada; --endpoint é aceito por simetria com os
outros comandos.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Mostra esta ajuda.</translation>
    </message>
    <message>
        <source>How long the key lives, in seconds: %1 to %2 (the default).</source>
        <translation>Por quanto tempo a chave vale, em segundos: de %1 a %2 (o padrão).</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Uso: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>argumento inesperado “%1”.</translation>
    </message>
    <message>
        <source>--expires-in takes seconds from %1 to %2, not “%3”.</source>
        <translation>--expires-in recebe segundos de %1 a %2, não “%3”.</translation>
    </message>
    <message>
        <source>The account “%1” uses an API key: it has no SigV4 credentials.</source>
        <translation>A conta “%1” usa uma chave de API: ela não tem credenciais SigV4.</translation>
    </message>
    <message>
        <source>The environment has an API key (AWS_BEARER_TOKEN_BEDROCK) but no SigV4 credentials.</source>
        <translation>O ambiente tem uma chave de API (AWS_BEARER_TOKEN_BEDROCK), mas não tem credenciais SigV4.</translation>
    </message>
    <message>
        <source>No credentials in the environment.</source>
        <translation>Nenhuma credencial no ambiente.</translation>
    </message>
    <message>
        <source>Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials), or give --account A.</source>
        <translation>Defina AWS_ACCESS_KEY_ID e AWS_SECRET_ACCESS_KEY (e AWS_SESSION_TOKEN para credenciais temporárias) ou informe --account A.</translation>
    </message>
    <message>
        <source>No region: give --region R, --account A or set AWS_REGION.</source>
        <translation>Nenhuma região: informe --region R ou --account A, ou defina AWS_REGION.</translation>
    </message>
    <message>
        <source>“%1” is not one of Mantle&apos;s regions.</source>
        <translation>“%1” não é uma das regiões do Mantle.</translation>
    </message>
    <message>
        <source>expires at %1 (region %2)</source>
        <translation>expira em %1 (região %2)</translation>
    </message>
    <message>
        <source>The key lives %1 seconds only: the temporary credentials it was made from expire then.</source>
        <translation>A chave vale apenas %1 segundos: é quando expiram as credenciais temporárias usadas para gerá-la.</translation>
    </message>
</context>
<context>
    <name>mantle::codeexport::SnippetGenerator</name>
    <message>
        <source>A %1 request cannot be exported as %2.</source>
        <translation>Uma solicitação %1 não pode ser exportada como %2.</translation>
    </message>
    <message>
        <source>No language fits this API.</source>
        <translation>Nenhuma linguagem é compatível com esta API.</translation>
    </message>
    <message>
        <source>Languages that fit: %1.</source>
        <translation>Linguagens compatíveis: %1.</translation>
    </message>
    <message>
        <source>Unknown snippet language.</source>
        <translation>Linguagem de snippet desconhecida.</translation>
    </message>
</context>
<context>
    <name>mantle::compare::CompareRun</name>
    <message>
        <source>No target to compare.</source>
        <translation>Nenhum destino para comparar.</translation>
    </message>
    <message>
        <source>Add at least one target.</source>
        <translation>Adicione pelo menos um destino.</translation>
    </message>
    <message>
        <source>%1 targets are too many: at most %2 are compared at once.</source>
        <translation>%1 destinos são demais: no máximo %2 são comparados de uma vez.</translation>
    </message>
    <message>
        <source>Remove some targets.</source>
        <translation>Remova alguns destinos.</translation>
    </message>
    <message>
        <source>Target %1 names no model.</source>
        <translation>O destino %1 não indica nenhum modelo.</translation>
    </message>
    <message>
        <source>Target %1 uses the %2 API, which gives no answer.</source>
        <translation>O destino %1 usa a API %2, que não gera resposta.</translation>
    </message>
    <message>
        <source>The target “%1” is given twice.</source>
        <translation>O destino “%1” foi informado duas vezes.</translation>
    </message>
    <message>
        <source>No way to resolve the target is set.</source>
        <translation>Nenhuma forma de resolver o destino está definida.</translation>
    </message>
    <message>
        <source>The comparison was cancelled.</source>
        <translation>A comparação foi cancelada.</translation>
    </message>
</context>
<context>
    <name>mantle::compare::CompareTarget</name>
    <message>
        <source>A target reads like api=chat,model=openai.gpt-oss-120b,region=us-east-1,account=NAME.</source>
        <translation>Um destino tem a forma api=chat,model=openai.gpt-oss-120b,region=us-east-1,account=NAME.</translation>
    </message>
    <message>
        <source>The target item “%1” is not of the form key=value.</source>
        <translation>O item de destino “%1” não está no formato key=value.</translation>
    </message>
    <message>
        <source>The target item “%1” has an unknown key (the keys are api, model, region and account).</source>
        <translation>O item de destino “%1” tem uma chave desconhecida (as chaves são api, model, region e account).</translation>
    </message>
    <message>
        <source>The target item “%1” repeats the key “%2”.</source>
        <translation>O item de destino “%1” repete a chave “%2”.</translation>
    </message>
    <message>
        <source>The target item “%1” has no value.</source>
        <translation>O item de destino “%1” não tem valor.</translation>
    </message>
    <message>
        <source>The target item “%1” names no answer API (the APIs are chat, responses and messages).</source>
        <translation>O item de destino “%1” não indica uma API de resposta (as APIs são chat, responses e messages).</translation>
    </message>
    <message>
        <source>The target “%1” names no model.</source>
        <translation>O destino “%1” não indica nenhum modelo.</translation>
    </message>
</context>
<context>
    <name>mantle::compare::RegionMatrix</name>
    <message>
        <source>Unknown error.</source>
        <translation>Erro desconhecido.</translation>
    </message>
    <message>
        <source>No way to reach the region.</source>
        <translation>Não há como acessar a região.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Interrompido.</translation>
    </message>
</context>
<context>
    <name>mantle::emulator::EmulatorProgram</name>
    <message>
        <source>Run `%1 --help` for the options.</source>
        <translation>Execute `%1 --help` para ver as opções.</translation>
    </message>
    <message>
        <source>A local Amazon Bedrock Mantle on 127.0.0.1, for tests and demos.
It accepts SigV4 with the access key id AKIDMANTLEEMULATOR and the secret
mantle-emulator-secret, and the API key mantle-emulator-key (Authorization:
Bearer, or x-api-key under /anthropic). A request can ask for faults with the
header x-emulator-fault (latency=MS; status=CODE; retry-after=S; access-denied;
wrong-prefix; drop-after=N; malformed-after=N; stall-after=N) and for a pace
between stream events with x-emulator-pace: MS.</source>
        <translation>Um Amazon Bedrock Mantle local em 127.0.0.1, para testes e demonstrações.
Aceita SigV4 com o ID de chave de acesso AKIDMANTLEEMULATOR e o segredo
mantle-emulator-secret, e a chave de API mantle-emulator-key (Authorization:
Bearer, ou x-api-key em /anthropic). Uma solicitação pode pedir falhas com o
cabeçalho x-emulator-fault (latency=MS; status=CODE; retry-after=S;
access-denied; wrong-prefix; drop-after=N; malformed-after=N; stall-after=N)
e um ritmo entre eventos do stream com x-emulator-pace: MS.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Mostra esta ajuda.</translation>
    </message>
    <message>
        <source>The port on 127.0.0.1 (0, the default, picks a free one).</source>
        <translation>A porta em 127.0.0.1 (0, o padrão, escolhe uma livre).</translation>
    </message>
    <message>
        <source>The region of requests whose signature or Host names none (default us-east-1).</source>
        <translation>A região das solicitações cuja assinatura ou Host não indica nenhuma (padrão us-east-1).</translation>
    </message>
    <message>
        <source>Milliseconds between two events of a streamed answer (default 0: all at once); a request&apos;s x-emulator-pace header overrides it.</source>
        <translation>Milissegundos entre dois eventos de uma resposta em streaming (padrão 0: tudo de uma vez); o cabeçalho x-emulator-pace de uma solicitação o substitui.</translation>
    </message>
    <message>
        <source>Stream without chunked encoding, ending each stream by closing the connection.</source>
        <translation>Faz streaming sem codificação chunked, terminando cada stream ao fechar a conexão.</translation>
    </message>
    <message>
        <source>Log every request on standard error.</source>
        <translation>Registra cada solicitação na saída de erro padrão.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Uso: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>argumento inesperado “%1”.</translation>
    </message>
    <message>
        <source>--port takes a number from 0 to 65535, not “%1”.</source>
        <translation>--port recebe um número de 0 a 65535, não “%1”.</translation>
    </message>
    <message>
        <source>--region must be one of the Mantle regions (%1), not “%2”.</source>
        <translation>--region deve ser uma das regiões do Mantle (%1), não “%2”.</translation>
    </message>
    <message>
        <source>--pace-ms takes milliseconds from 0 to %1, not “%2”.</source>
        <translation>--pace-ms recebe milissegundos de 0 a %1, não “%2”.</translation>
    </message>
    <message>
        <source>%1: cannot listen on 127.0.0.1:%2: %3</source>
        <translation>%1: não é possível escutar em 127.0.0.1:%2: %3</translation>
    </message>
</context>
<context>
    <name>mantle::emulator::FaultPlan</name>
    <message>
        <source>The fault “%1” takes no value.</source>
        <translation>A falha “%1” não recebe valor.</translation>
    </message>
    <message>
        <source>The fault “%1” needs a value (%1=N).</source>
        <translation>A falha “%1” precisa de um valor (%1=N).</translation>
    </message>
    <message>
        <source>Unknown fault “%1” (known: latency, status, retry-after, access-denied, wrong-prefix, drop-after, malformed-after, stall-after).</source>
        <translation>Falha desconhecida “%1” (conhecidas: latency, status, retry-after, access-denied, wrong-prefix, drop-after, malformed-after, stall-after).</translation>
    </message>
    <message>
        <source>The fault “%1” needs a number from %2 to %3, not “%4”.</source>
        <translation>A falha “%1” precisa de um número de %2 a %3, não “%4”.</translation>
    </message>
    <message>
        <source>The fault “retry-after” goes with a “status” fault.</source>
        <translation>A falha “retry-after” acompanha uma falha “status”.</translation>
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
        <translation>Contar tokens</translation>
    </message>
    <message>
        <source>List models</source>
        <translation>Listar modelos</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::CostLedger</name>
    <message>
        <source>A cost total has no valid amount.</source>
        <translation>Um total de custo não tem valor válido.</translation>
    </message>
    <message>
        <source>The cost ledger is not in %1.</source>
        <translation>O registro de custos não está em %1.</translation>
    </message>
    <message>
        <source>The cost ledger has an invalid day &quot;%1&quot;.</source>
        <translation>O registro de custos tem um dia inválido &quot;%1&quot;.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::Endpoint</name>
    <message>
        <source>Give the root URL to which /v1, /openai/v1 or /anthropic/v1 is added, such as https://bedrock-mantle.us-east-1.api.aws, or http://127.0.0.1:8080 for a local emulator.</source>
        <translation>Informe a URL raiz à qual /v1, /openai/v1 ou /anthropic/v1 é adicionado, como https://bedrock-mantle.us-east-1.api.aws, ou http://127.0.0.1:8080 para um emulador local.</translation>
    </message>
    <message>
        <source>Start it with https:// (or http:// for a local emulator on this computer).</source>
        <translation>Comece com https:// (ou http:// para um emulador local neste computador).</translation>
    </message>
    <message>
        <source>No endpoint URL is given.</source>
        <translation>Nenhuma URL de endpoint informada.</translation>
    </message>
    <message>
        <source>“%1” has no scheme.</source>
        <translation>“%1” não tem esquema.</translation>
    </message>
    <message>
        <source>The endpoint URL contains a user name or password (the part before “@”).</source>
        <translation>A URL do endpoint contém um nome de usuário ou senha (a parte antes de “@”).</translation>
    </message>
    <message>
        <source>Remove it: credentials belong in the account or the environment, never in the URL.</source>
        <translation>Remova-o: credenciais ficam na conta ou no ambiente, nunca na URL.</translation>
    </message>
    <message>
        <source>“%1” is not a valid URL.</source>
        <translation>“%1” não é uma URL válida.</translation>
    </message>
    <message>
        <source>“%1” uses the scheme “%2”, which an endpoint cannot use.</source>
        <translation>“%1” usa o esquema “%2”, que um endpoint não pode usar.</translation>
    </message>
    <message>
        <source>“%1” has no host name.</source>
        <translation>“%1” não tem nome de host.</translation>
    </message>
    <message>
        <source>“%1” has an invalid port.</source>
        <translation>“%1” tem uma porta inválida.</translation>
    </message>
    <message>
        <source>Give a port from 1 to 65535, or none for the scheme&apos;s default.</source>
        <translation>Informe uma porta de 1 a 65535 ou nenhuma para usar a padrão do esquema.</translation>
    </message>
    <message>
        <source>“%1” has a query (“?…”), which an endpoint cannot have.</source>
        <translation>“%1” tem uma consulta (“?…”), que um endpoint não pode ter.</translation>
    </message>
    <message>
        <source>“%1” has a fragment (“#…”), which an endpoint cannot have.</source>
        <translation>“%1” tem um fragmento (“#…”), que um endpoint não pode ter.</translation>
    </message>
    <message>
        <source>“%1” uses plain http to %2, which is not this computer: credentials and prompts would travel unencrypted.</source>
        <translation>“%1” usa http simples para %2, que não é este computador: credenciais e prompts trafegariam sem criptografia.</translation>
    </message>
    <message>
        <source>Use https://. Plain http:// is only for a local emulator on 127.0.0.1, ::1 or localhost.</source>
        <translation>Use https://. O http:// simples é apenas para um emulador local em 127.0.0.1, ::1 ou localhost.</translation>
    </message>
    <message>
        <source>“%1” has “.” or “..” in its path.</source>
        <translation>“%1” tem “.” ou “..” no caminho.</translation>
    </message>
    <message>
        <source>Write the path prefix out in full, such as https://gateway.example.com/mantle.</source>
        <translation>Escreva o prefixo do caminho por completo, como https://gateway.example.com/mantle.</translation>
    </message>
    <message>
        <source>“%1” already ends with the route “%2”, which is added to every request.</source>
        <translation>“%1” já termina com a rota “%2”, que é adicionada a cada solicitação.</translation>
    </message>
    <message>
        <source>Give the root URL without it: %1</source>
        <translation>Informe a URL raiz sem ela: %1</translation>
    </message>
    <message>
        <source>No region is set.</source>
        <translation>Nenhuma região definida.</translation>
    </message>
    <message>
        <source>Choose one of the regions that serve Bedrock Mantle: %1.</source>
        <translation>Escolha uma das regiões que oferecem o Bedrock Mantle: %1.</translation>
    </message>
    <message>
        <source>The region “%1” does not serve Bedrock Mantle.</source>
        <translation>A região “%1” não oferece o Bedrock Mantle.</translation>
    </message>
    <message>
        <source>“%1” is not an AWS region code.</source>
        <translation>“%1” não é um código de região da AWS.</translation>
    </message>
    <message>
        <source>Use one of the regions that serve Bedrock Mantle: %1.</source>
        <translation>Use uma das regiões que oferecem o Bedrock Mantle: %1.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelCatalogue</name>
    <message>
        <source>The model catalogue is not a JSON object: %1</source>
        <translation>O catálogo de modelos não é um objeto JSON: %1</translation>
    </message>
    <message>
        <source>The model catalogue has no &quot;models&quot; list.</source>
        <translation>O catálogo de modelos não tem a lista &quot;models&quot;.</translation>
    </message>
    <message>
        <source>The model catalogue lists %1 twice.</source>
        <translation>O catálogo de modelos lista %1 duas vezes.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelInfo</name>
    <message>
        <source>The surfaces must be a list of names such as &quot;chat&quot;.</source>
        <translation>As APIs devem ser uma lista de nomes como &quot;chat&quot;.</translation>
    </message>
    <message>
        <source>Unknown API surface &quot;%1&quot;; known are: %2.</source>
        <translation>API desconhecida &quot;%1&quot;; as conhecidas são: %2.</translation>
    </message>
    <message>
        <source>A model entry has no id.</source>
        <translation>Uma entrada de modelo não tem ID.</translation>
    </message>
    <message>
        <source>The context size of %1 must be a whole number of tokens.</source>
        <translation>O tamanho de contexto de %1 deve ser um número inteiro de tokens.</translation>
    </message>
    <message>
        <source>Model %1: %2</source>
        <translation>Modelo %1: %2</translation>
    </message>
    <message>
        <source>The prices of %1 must be an object or null.</source>
        <translation>Os preços de %1 devem ser um objeto ou null.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelList</name>
    <message>
        <source>The model list answer is not an OpenAI-style list of models.</source>
        <translation>A resposta da lista de modelos não é uma lista de modelos no estilo da OpenAI.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelPrices</name>
    <message>
        <source>The price &quot;%1&quot; must be a number of zero or more.</source>
        <translation>O preço &quot;%1&quot; deve ser um número maior ou igual a zero.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelSettings</name>
    <message>
        <source>A model setting has no valid model id (&quot;%1&quot;).</source>
        <translation>Uma configuração de modelo não tem um ID de modelo válido (&quot;%1&quot;).</translation>
    </message>
    <message>
        <source>Model %1: %2 is not a Mantle region; Mantle serves %3.</source>
        <translation>Modelo %1: %2 não é uma região do Mantle; o Mantle é oferecido em %3.</translation>
    </message>
    <message>
        <source>Model %1: the route prefix must be &quot;v1&quot; or &quot;openai-v1&quot;.</source>
        <translation>Modelo %1: o prefixo de rota deve ser &quot;v1&quot; ou &quot;openai-v1&quot;.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a model id.</source>
        <translation>&quot;%1&quot; não é um ID de modelo.</translation>
    </message>
    <message>
        <source>Use the bare id that the model list shows, such as openai.gpt-oss-120b.</source>
        <translation>Use o ID simples que a lista de modelos mostra, como openai.gpt-oss-120b.</translation>
    </message>
    <message>
        <source>The model settings list %1 twice.</source>
        <translation>As configurações de modelo listam %1 duas vezes.</translation>
    </message>
    <message>
        <source>The model picker&apos;s list is not a list of model ids.</source>
        <translation>A lista do seletor de modelos não é uma lista de IDs de modelo.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::RouteResolver</name>
    <message>
        <source>No model is chosen for the %1 request.</source>
        <translation>Nenhum modelo escolhido para a solicitação %1.</translation>
    </message>
    <message>
        <source>Choose one of the models the region serves.</source>
        <translation>Escolha um dos modelos que a região oferece.</translation>
    </message>
    <message>
        <source>“%1” is not a valid resource path.</source>
        <translation>“%1” não é um caminho de recurso válido.</translation>
    </message>
    <message>
        <source>Give non-empty path segments such as responses/resp_123/cancel, with anything but letters, digits and -._~ percent-encoded.</source>
        <translation>Informe segmentos de caminho não vazios, como responses/resp_123/cancel, com tudo o que não for letras, dígitos e -._~ codificado com porcentagem.</translation>
    </message>
</context>
<context>
    <name>mantle::net::HttpCall</name>
    <message>
        <source>The request to %1 was cancelled.</source>
        <translation>A solicitação para %1 foi cancelada.</translation>
    </message>
    <message>
        <source>There are no AWS credentials to sign the request to %1 with.</source>
        <translation>Não há credenciais da AWS para assinar a solicitação para %1.</translation>
    </message>
    <message>
        <source>Choose an account with AWS credentials, or use an API key.</source>
        <translation>Escolha uma conta com credenciais da AWS ou use uma chave de API.</translation>
    </message>
    <message>
        <source>Check the network connection and the proxy settings, then try again.</source>
        <translation>Verifique a conexão de rede e as configurações de proxy e tente novamente.</translation>
    </message>
    <message>
        <source>Could not connect to %1: the connection was refused.</source>
        <translation>Não foi possível conectar a %1: a conexão foi recusada.</translation>
    </message>
    <message>
        <source>Check the endpoint URL and that nothing (a firewall, a proxy) blocks it.</source>
        <translation>Verifique a URL do endpoint e se nada (um firewall, um proxy) a bloqueia.</translation>
    </message>
    <message>
        <source>Could not find the host %1.</source>
        <translation>Não foi possível encontrar o host %1.</translation>
    </message>
    <message>
        <source>Check the region or endpoint, the network connection and the DNS or proxy settings.</source>
        <translation>Verifique a região ou o endpoint, a conexão de rede e as configurações de DNS ou proxy.</translation>
    </message>
    <message>
        <source>The connection to %1 was closed before the answer was complete.</source>
        <translation>A conexão com %1 foi fechada antes de a resposta terminar.</translation>
    </message>
    <message>
        <source>The secure connection to %1 failed: %2</source>
        <translation>A conexão segura com %1 falhou: %2</translation>
    </message>
    <message>
        <source>A proxy that inspects TLS may be in the way, or the system&apos;s certificates may be out of date.</source>
        <translation>Um proxy que inspeciona TLS pode estar no caminho, ou os certificados do sistema podem estar desatualizados.</translation>
    </message>
    <message>
        <source>Could not reach %1: %2</source>
        <translation>Não foi possível acessar %1: %2</translation>
    </message>
    <message>
        <source>Could not connect to %1 within %2 seconds.</source>
        <translation>Não foi possível conectar a %1 em %2 segundos.</translation>
    </message>
    <message>
        <source>%1 sent nothing for %2 seconds, so the request was stopped.</source>
        <translation>%1 não enviou nada por %2 segundos, então a solicitação foi interrompida.</translation>
    </message>
</context>
<context>
    <name>mantle::net::SseParser</name>
    <message>
        <source>Server-sent events come in short lines. Check that the endpoint is the one you meant and that no proxy in between changes the answer.</source>
        <translation>Server-sent events chegam em linhas curtas. Verifique se o endpoint é o desejado e se nenhum proxy no caminho altera a resposta.</translation>
    </message>
    <message>
        <source>The event stream sent a line longer than %1 and was stopped.</source>
        <translation>O stream de eventos enviou uma linha maior que %1 e foi interrompido.</translation>
    </message>
    <message>
        <source>The event stream sent an event larger than %1 and was stopped.</source>
        <translation>O stream de eventos enviou um evento maior que %1 e foi interrompido.</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::BackgroundPoller</name>
    <message>
        <source>Stopped following the background response %1; it goes on running on the server.</source>
        <translation>A resposta em segundo plano %1 deixou de ser acompanhada; ela continua em execução no servidor.</translation>
    </message>
    <message>
        <source>The background response %1 was still “%2” after %3 seconds.</source>
        <translation>A resposta em segundo plano %1 ainda estava “%2” após %3 segundos.</translation>
    </message>
    <message>
        <source>It goes on running on the server: look it up later with its id.</source>
        <translation>Ela continua em execução no servidor: consulte-a mais tarde pelo ID.</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::MantleCall</name>
    <message>
        <source>The request was cancelled.</source>
        <translation>A solicitação foi cancelada.</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::RequestRecord</name>
    <message>
        <source>a [name, value] pair</source>
        <translation>um par [nome, valor]</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::RouteMemory</name>
    <message>
        <source>Could not read the learned routes in %1: %2</source>
        <translation>Não foi possível ler as rotas memorizadas em %1: %2</translation>
    </message>
    <message>
        <source>The learned routes in %1 are not valid JSON.</source>
        <translation>As rotas memorizadas em %1 não são um JSON válido.</translation>
    </message>
    <message>
        <source>Delete the file; routes are learned again as needed.</source>
        <translation>Exclua o arquivo; as rotas são memorizadas novamente conforme necessário.</translation>
    </message>
    <message>
        <source>Could not save the learned routes to %1: %2</source>
        <translation>Não foi possível salvar as rotas memorizadas em %1: %2</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::StoredResponseCall</name>
    <message>
        <source>The server did not confirm that the response %1 was deleted.</source>
        <translation>O servidor não confirmou que a resposta %1 foi excluída.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Cancelado.</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::TokenCounter</name>
    <message>
        <source>Tokens are counted for Messages requests only, not for %1.</source>
        <translation>Os tokens são contados apenas para solicitações Messages, não para %1.</translation>
    </message>
    <message>
        <source>The count tokens answer has no input_tokens.</source>
        <translation>A resposta da contagem de tokens não tem input_tokens.</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::TurnCall</name>
    <message>
        <source>The %1 API takes no request body.</source>
        <translation>A API %1 não recebe corpo de solicitação.</translation>
    </message>
    <message>
        <source>The %1 API does not answer with a turn.</source>
        <translation>A API %1 não responde com um turno.</translation>
    </message>
    <message>
        <source>The request was cancelled.</source>
        <translation>A solicitação foi cancelada.</translation>
    </message>
    <message>
        <source>The stream from %1 ended before the answer was complete: its final event never came.</source>
        <translation>O stream de %1 terminou antes de a resposta estar completa: o evento final nunca chegou.</translation>
    </message>
    <message>
        <source>What arrived is kept; try the request again.</source>
        <translation>O que chegou é mantido; tente a solicitação novamente.</translation>
    </message>
</context>
<context>
    <name>mantle::schema::SchemaValidator</name>
    <message>
        <source>an integer</source>
        <translation>um inteiro</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>um número</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>uma string</translation>
    </message>
    <message>
        <source>a boolean</source>
        <translation>um booleano</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>an array</source>
        <translation>um array</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>um objeto</translation>
    </message>
    <message>
        <source>&quot;%1&quot;</source>
        <translation>&quot;%1&quot;</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nada</translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <translation>%1 ou %2</translation>
    </message>
    <message>
        <source>%1 is not allowed here</source>
        <translation>%1 não é permitido aqui</translation>
    </message>
    <message>
        <source>expected %1, got %2</source>
        <translation>esperado %1, recebido %2</translation>
    </message>
    <message>
        <source>the required property &quot;%1&quot; is missing</source>
        <translation>a propriedade obrigatória &quot;%1&quot; está ausente</translation>
    </message>
    <message>
        <source>the property &quot;%1&quot; is not allowed (additionalProperties)</source>
        <translation>a propriedade &quot;%1&quot; não é permitida (additionalProperties)</translation>
    </message>
    <message>
        <source>%1 is not one of the allowed values %2</source>
        <translation>%1 não é um dos valores permitidos %2</translation>
    </message>
    <message>
        <source>%1 is not one of the allowed values</source>
        <translation>%1 não é um dos valores permitidos</translation>
    </message>
    <message>
        <source>%1 is not the expected value</source>
        <translation>%1 não é o valor esperado</translation>
    </message>
    <message>
        <source>%1 is above the maximum %2</source>
        <translation>%1 está acima do máximo %2</translation>
    </message>
    <message>
        <source>%1 must be less than %2</source>
        <translation>%1 deve ser menor que %2</translation>
    </message>
    <message>
        <source>%1 is below the minimum %2</source>
        <translation>%1 está abaixo do mínimo %2</translation>
    </message>
    <message>
        <source>%1 must be greater than %2</source>
        <translation>%1 deve ser maior que %2</translation>
    </message>
    <message>
        <source>%1 is not a multiple of %2</source>
        <translation>%1 não é múltiplo de %2</translation>
    </message>
    <message>
        <source>has %1 items, at most %2 allowed</source>
        <translation>tem %1 itens, no máximo %2 permitidos</translation>
    </message>
    <message>
        <source>has %1 items, at least %2 needed</source>
        <translation>tem %1 itens, no mínimo %2 necessários</translation>
    </message>
    <message>
        <source>the text is longer than %1 characters</source>
        <translation>o texto tem mais de %1 caracteres</translation>
    </message>
    <message>
        <source>the text is shorter than %1 characters</source>
        <translation>o texto tem menos de %1 caracteres</translation>
    </message>
    <message>
        <source>has more than %1 properties</source>
        <translation>tem mais de %1 propriedades</translation>
    </message>
    <message>
        <source>has fewer than %1 properties</source>
        <translation>tem menos de %1 propriedades</translation>
    </message>
    <message>
        <source>%1 does not match the pattern %2</source>
        <translation>%1 não corresponde ao padrão %2</translation>
    </message>
    <message>
        <source>%1 does not match the pattern</source>
        <translation>%1 não corresponde ao padrão</translation>
    </message>
    <message>
        <source>items %1 and %2 are equal, but the items must be unique</source>
        <translation>os itens %1 e %2 são iguais, mas os itens devem ser únicos</translation>
    </message>
    <message>
        <source>the property &quot;%1&quot; is missing (dependencies)</source>
        <translation>a propriedade &quot;%1&quot; está ausente (dependencies)</translation>
    </message>
    <message>
        <source>matches none of the schemas in anyOf</source>
        <translation>não corresponde a nenhum dos esquemas em anyOf</translation>
    </message>
    <message>
        <source>matches none of the schemas in oneOf</source>
        <translation>não corresponde a nenhum dos esquemas em oneOf</translation>
    </message>
    <message>
        <source>matches more than one of the schemas in oneOf</source>
        <translation>corresponde a mais de um dos esquemas em oneOf</translation>
    </message>
    <message>
        <source>matches the schema in &quot;not&quot;</source>
        <translation>corresponde ao esquema em &quot;not&quot;</translation>
    </message>
    <message>
        <source>does not satisfy the if/then/else condition</source>
        <translation>não satisfaz a condição if/then/else</translation>
    </message>
    <message>
        <source>has more items than the schema allows</source>
        <translation>tem mais itens do que o esquema permite</translation>
    </message>
    <message>
        <source>has no item that matches &quot;contains&quot;</source>
        <translation>não tem nenhum item que corresponda a &quot;contains&quot;</translation>
    </message>
    <message>
        <source>%1 is not a valid %2</source>
        <translation>%1 não é um %2 válido</translation>
    </message>
    <message>
        <source>is not allowed by the schema</source>
        <translation>não é permitido pelo esquema</translation>
    </message>
    <message>
        <source>does not match its schema</source>
        <translation>não corresponde ao seu esquema</translation>
    </message>
    <message>
        <source>does not match the schema</source>
        <translation>não corresponde ao esquema</translation>
    </message>
    <message>
        <source>A schema is a JSON object (or true or false), not %1.</source>
        <translation>Um esquema é um objeto JSON (ou true ou false), não %1.</translation>
    </message>
    <message>
        <source>The schema refers to another document; only local references (&quot;#/...&quot;) are supported.</source>
        <translation>O esquema faz referência a outro documento; apenas referências locais (&quot;#/...&quot;) são suportadas.</translation>
    </message>
    <message>
        <source>The schema is not valid: %1</source>
        <translation>O esquema não é válido: %1</translation>
    </message>
    <message>
        <source>The schema is not valid.</source>
        <translation>O esquema não é válido.</translation>
    </message>
    <message>
        <source>there is no valid schema to check against</source>
        <translation>não há esquema válido para a verificação</translation>
    </message>
    <message>
        <source>the value could not be checked: %1</source>
        <translation>não foi possível verificar o valor: %1</translation>
    </message>
    <message>
        <source>the value could not be checked</source>
        <translation>não foi possível verificar o valor</translation>
    </message>
    <message>
        <source>the schema allows no value here</source>
        <translation>o esquema não permite nenhum valor aqui</translation>
    </message>
</context>
<context>
    <name>mantle::schema::SchemaViolation</name>
    <message>
        <source>(root)</source>
        <translation>(raiz)</translation>
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
        <translation>A raiz do esquema deve ser um objeto, não &quot;anyOf&quot;: transforme a raiz em objeto e coloque as alternativas em uma das propriedades dele.</translation>
    </message>
    <message>
        <source>The root of the schema must be an object (&quot;type&quot;: &quot;object&quot;).</source>
        <translation>A raiz do esquema deve ser um objeto (&quot;type&quot;: &quot;object&quot;).</translation>
    </message>
    <message>
        <source>The root of the schema must say &quot;type&quot;: &quot;object&quot;.</source>
        <translation>A raiz do esquema deve indicar &quot;type&quot;: &quot;object&quot;.</translation>
    </message>
    <message>
        <source>Strict mode does not take true or false as a schema: write the schema out (with a &quot;type&quot;).</source>
        <translation>O modo estrito não aceita true ou false como esquema: escreva o esquema por extenso (com um &quot;type&quot;).</translation>
    </message>
    <message>
        <source>Strict mode does not take a list of schemas in &quot;items&quot; (a tuple): give one schema that every item follows.</source>
        <translation>O modo estrito não aceita uma lista de esquemas em &quot;items&quot; (uma tupla): informe um único esquema que todos os itens sigam.</translation>
    </message>
    <message>
        <source>Put &quot;%1&quot; at the root of the schema; strict mode does not read definitions further in.</source>
        <translation>Coloque &quot;%1&quot; na raiz do esquema; o modo estrito não lê definições em níveis mais internos.</translation>
    </message>
    <message>
        <source>The format &quot;%1&quot; is not supported in strict mode (supported: date-time, time, date, duration, email, hostname, ipv4, ipv6, uuid).</source>
        <translation>O formato &quot;%1&quot; não é suportado no modo estrito (suportados: date-time, time, date, duration, email, hostname, ipv4, ipv6, uuid).</translation>
    </message>
    <message>
        <source>Strict mode only follows references within the schema (&quot;#/$defs/...&quot;), not &quot;%1&quot;.</source>
        <translation>O modo estrito só segue referências dentro do esquema (&quot;#/$defs/...&quot;), não &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Strict mode does not support &quot;oneOf&quot;; merge it with the &quot;anyOf&quot; next to it by hand.</source>
        <translation>O modo estrito não suporta &quot;oneOf&quot;; mescle-o manualmente com o &quot;anyOf&quot; ao lado dele.</translation>
    </message>
    <message>
        <source>Strict mode does not support &quot;oneOf&quot;; &quot;anyOf&quot; is the alternative it takes.</source>
        <translation>O modo estrito não suporta &quot;oneOf&quot;; a alternativa que ele aceita é &quot;anyOf&quot;.</translation>
    </message>
    <message>
        <source>Strict mode does not support &quot;allOf&quot;: merge its schemas into one by hand.</source>
        <translation>O modo estrito não suporta &quot;allOf&quot;: mescle os esquemas dele em um só manualmente.</translation>
    </message>
    <message>
        <source>Strict mode does not support the keyword &quot;%1&quot;: the request would be refused. Removing it loosens the schema; answers are still checked against it here.</source>
        <translation>O modo estrito não suporta a palavra-chave &quot;%1&quot;: a solicitação seria recusada. Removê-la afrouxa o esquema; as respostas ainda são verificadas aqui com base nele.</translation>
    </message>
    <message>
        <source>Strict mode needs a &quot;type&quot; here (or &quot;anyOf&quot;, &quot;enum&quot;, &quot;const&quot; or &quot;$ref&quot;): a schema that allows anything is not supported.</source>
        <translation>O modo estrito precisa de um &quot;type&quot; aqui (ou &quot;anyOf&quot;, &quot;enum&quot;, &quot;const&quot; ou &quot;$ref&quot;): um esquema que permite qualquer coisa não é suportado.</translation>
    </message>
    <message>
        <source>&quot;type&quot; must be a type name or a list of them.</source>
        <translation>&quot;type&quot; deve ser um nome de tipo ou uma lista deles.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a type strict mode supports (string, number, integer, boolean, object, array, null).</source>
        <translation>&quot;%1&quot; não é um tipo suportado pelo modo estrito (string, number, integer, boolean, object, array, null).</translation>
    </message>
    <message>
        <source>This schema has properties but no &quot;type&quot;: strict mode needs &quot;type&quot;: &quot;object&quot;.</source>
        <translation>Este esquema tem propriedades, mas não tem &quot;type&quot;: o modo estrito precisa de &quot;type&quot;: &quot;object&quot;.</translation>
    </message>
    <message>
        <source>Objects are nested %1 levels deep here; strict mode allows at most %2.</source>
        <translation>Os objetos estão aninhados em %1 níveis aqui; o modo estrito permite no máximo %2.</translation>
    </message>
    <message>
        <source>Strict mode needs &quot;additionalProperties&quot;: false on every object, so that the answer has exactly the properties listed.</source>
        <translation>O modo estrito precisa de &quot;additionalProperties&quot;: false em todo objeto, para que a resposta tenha exatamente as propriedades listadas.</translation>
    </message>
    <message>
        <source>Strict mode needs every property in &quot;required&quot;; &quot;%1&quot; is not. An optional property is written as required and nullable (its type allows null).</source>
        <translation>O modo estrito precisa de todas as propriedades em &quot;required&quot;; &quot;%1&quot; não está. Uma propriedade opcional é escrita como obrigatória e anulável (seu tipo permite null).</translation>
    </message>
    <message>
        <source>This enum has %1 values of %2 characters in all; with more than %3 values strict mode allows at most %4 characters.</source>
        <translation>Este enum tem %1 valores com %2 caracteres no total; com mais de %3 valores, o modo estrito permite no máximo %4 caracteres.</translation>
    </message>
    <message>
        <source>The schema has %1 object properties; strict mode allows at most %2.</source>
        <translation>O esquema tem %1 propriedades de objeto; o modo estrito permite no máximo %2.</translation>
    </message>
    <message>
        <source>The schema has %1 enum values; strict mode allows at most %2.</source>
        <translation>O esquema tem %1 valores de enum; o modo estrito permite no máximo %2.</translation>
    </message>
    <message>
        <source>Property names, definition names, enum and const values come to %1 characters; strict mode allows at most %2.</source>
        <translation>Nomes de propriedades, nomes de definições e valores de enum e const somam %1 caracteres; o modo estrito permite no máximo %2.</translation>
    </message>
</context>
<context>
    <name>mantle::schema::StrictModeFinding</name>
    <message>
        <source>Set &quot;additionalProperties&quot; to false</source>
        <translation>Definir &quot;additionalProperties&quot; como false</translation>
    </message>
    <message>
        <source>Add &quot;%1&quot; to &quot;required&quot; and allow null for it</source>
        <translation>Adicionar &quot;%1&quot; a &quot;required&quot; e permitir null</translation>
    </message>
    <message>
        <source>Remove &quot;%1&quot;</source>
        <translation>Remover &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Replace &quot;oneOf&quot; with &quot;anyOf&quot;</source>
        <translation>Substituir &quot;oneOf&quot; por &quot;anyOf&quot;</translation>
    </message>
    <message>
        <source>Add &quot;type&quot;: &quot;object&quot;</source>
        <translation>Adicionar &quot;type&quot;: &quot;object&quot;</translation>
    </message>
</context>
<context>
    <name>mantle::sessions::Session</name>
    <message>
        <source>&quot;user&quot;, &quot;assistant&quot; or &quot;tool&quot;</source>
        <translation>&quot;user&quot;, &quot;assistant&quot; ou &quot;tool&quot;</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuário</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistente</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>Prompt de sistema</translation>
    </message>
    <message>
        <source>New session</source>
        <translation>Nova sessão</translation>
    </message>
    <message>
        <source>This is not a Mantle Playground session: the field &quot;%1&quot; is not &quot;%2&quot;.</source>
        <translation>Esta não é uma sessão do Mantle Playground: o campo &quot;%1&quot; não é &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is invalid: expected a whole number.</source>
        <translation>O campo &quot;%1&quot; é inválido: esperado um número inteiro.</translation>
    </message>
    <message>
        <source>This session was written by a newer version of the app (session format %1; this version reads up to %2), so it is left untouched.</source>
        <translation>Esta sessão foi gravada por uma versão mais nova do app (formato de sessão %1; esta versão lê até o %2), por isso não foi alterada.</translation>
    </message>
    <message>
        <source>Update Mantle Playground to open it.</source>
        <translation>Atualize o Mantle Playground para abri-la.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is invalid: expected a session id (letters, digits and &apos;-&apos;).</source>
        <translation>O campo &quot;%1&quot; é inválido: esperado um ID de sessão (letras, dígitos e &apos;-&apos;).</translation>
    </message>
    <message>
        <source>Untitled session</source>
        <translation>Sessão sem título</translation>
    </message>
    <message>
        <source>API: %1</source>
        <translation>API: %1</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modelo: %1</translation>
    </message>
    <message>
        <source>Region: %1</source>
        <translation>Região: %1</translation>
    </message>
    <message>
        <source>Tool call `%1` (id `%2`):</source>
        <translation>Chamada de ferramenta `%1` (ID `%2`):</translation>
    </message>
    <message>
        <source>The answer failed: %1</source>
        <translation>A resposta falhou: %1</translation>
    </message>
    <message>
        <source>Stopped before the answer was complete.</source>
        <translation>Interrompida antes de a resposta terminar.</translation>
    </message>
    <message>
        <source>Tool result</source>
        <translation>Resultado da ferramenta</translation>
    </message>
    <message>
        <source>For the tool call `%1`:</source>
        <translation>Para a chamada de ferramenta `%1`:</translation>
    </message>
    <message>
        <source>The tool reported an error.</source>
        <translation>A ferramenta informou um erro.</translation>
    </message>
    <message>
        <source>The Markdown file has no conversation in it.</source>
        <translation>O arquivo Markdown não contém nenhuma conversa.</translation>
    </message>
    <message>
        <source>Give each turn a heading: “## User” or “## Assistant”.</source>
        <translation>Dê um título a cada turno: “## User” ou “## Assistant”.</translation>
    </message>
    <message>
        <source>%1 (fork)</source>
        <translation>%1 (ramificação)</translation>
    </message>
</context>
<context>
    <name>mantle::sessions::SessionStore</name>
    <message>
        <source>&quot;%1&quot; is not a session id.</source>
        <translation>&quot;%1&quot; não é um ID de sessão.</translation>
    </message>
    <message>
        <source>Cannot open the session file &quot;%1&quot;: %2.</source>
        <translation>Não foi possível abrir o arquivo de sessão &quot;%1&quot;: %2.</translation>
    </message>
    <message>
        <source>%1 at byte %2</source>
        <translation>%1 no byte %2</translation>
    </message>
    <message>
        <source>it is not a JSON object</source>
        <translation>não é um objeto JSON</translation>
    </message>
    <message>
        <source>The session file &quot;%1&quot; is not valid JSON: %2.</source>
        <translation>O arquivo de sessão &quot;%1&quot; não é um JSON válido: %2.</translation>
    </message>
    <message>
        <source>The session file &quot;%1&quot; cannot be used: %2</source>
        <translation>O arquivo de sessão &quot;%1&quot; não pode ser usado: %2</translation>
    </message>
    <message>
        <source>Cannot write the file &quot;%1&quot;: %2.</source>
        <translation>Não foi possível gravar o arquivo &quot;%1&quot;: %2.</translation>
    </message>
    <message>
        <source>Check that the folder exists, is writable and has free space.</source>
        <translation>Verifique se a pasta existe, permite gravação e tem espaço livre.</translation>
    </message>
    <message>
        <source>Cannot create the sessions folder &quot;%1&quot;.</source>
        <translation>Não foi possível criar a pasta de sessões &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>It is not overwritten.</source>
        <translation>Ele não foi sobrescrito.</translation>
    </message>
    <message>
        <source>The session file &quot;%1&quot; does not exist.</source>
        <translation>O arquivo de sessão &quot;%1&quot; não existe.</translation>
    </message>
    <message>
        <source>It is not deleted.</source>
        <translation>Ele não foi excluído.</translation>
    </message>
    <message>
        <source>Move or delete the file yourself if you no longer need it.</source>
        <translation>Mova ou exclua o arquivo você mesmo se não precisar mais dele.</translation>
    </message>
    <message>
        <source>Cannot delete the session file &quot;%1&quot;: %2.</source>
        <translation>Não foi possível excluir o arquivo de sessão &quot;%1&quot;: %2.</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1 (cópia)</translation>
    </message>
    <message>
        <source>Cannot read &quot;%1&quot;: %2.</source>
        <translation>Não foi possível ler &quot;%1&quot;: %2.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::AboutDialog</name>
    <message>
        <source>About Mantle Playground</source>
        <translation>Sobre o Mantle Playground</translation>
    </message>
    <message>
        <source>Mantle Playground %1</source>
        <translation>Mantle Playground %1</translation>
    </message>
    <message>
        <source>A desktop playground for Amazon Bedrock Mantle.</source>
        <translation>Um playground de desktop para o Amazon Bedrock Mantle.</translation>
    </message>
    <message>
        <source>Qt %1 (built with Qt %2)</source>
        <translation>Qt %1 (compilado com Qt %2)</translation>
    </message>
    <message>
        <source>%1 (built with %2)</source>
        <translation>%1 (compilado com %2)</translation>
    </message>
    <message>
        <source>Licences:</source>
        <translation>Licenças:</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1: %2 (%3)</translation>
    </message>
    <message>
        <source>The licence of Mantle Playground:</source>
        <translation>A licença do Mantle Playground:</translation>
    </message>
    <message>
        <source>&lt;b&gt;Mantle Playground&lt;/b&gt;&lt;br&gt;Version %1</source>
        <translation>&lt;b&gt;Mantle Playground&lt;/b&gt;&lt;br&gt;Versão %1</translation>
    </message>
</context>
<context>
    <name>mantle::ui::AccountEditor</name>
    <message>
        <source>Add Account</source>
        <translation>Adicionar conta</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nome:</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Região</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>&amp;Região:</translation>
    </message>
    <message>
        <source>Authentication method</source>
        <translation>Método de autenticação</translation>
    </message>
    <message>
        <source>Access key</source>
        <translation>Chave de acesso</translation>
    </message>
    <message>
        <source>Assumed role</source>
        <translation>Função assumida</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Chave de API</translation>
    </message>
    <message>
        <source>&amp;Authentication:</source>
        <translation>&amp;Autenticação:</translation>
    </message>
    <message>
        <source>Access key ID</source>
        <translation>ID da chave de acesso</translation>
    </message>
    <message>
        <source>Access key &amp;ID:</source>
        <translation>&amp;ID da chave de acesso:</translation>
    </message>
    <message>
        <source>Secret access key</source>
        <translation>Chave de acesso secreta</translation>
    </message>
    <message>
        <source>&amp;Secret access key:</source>
        <translation>Chave de acesso &amp;secreta:</translation>
    </message>
    <message>
        <source>Session token</source>
        <translation>Token de sessão</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Opcional</translation>
    </message>
    <message>
        <source>Session &amp;token:</source>
        <translation>&amp;Token de sessão:</translation>
    </message>
    <message>
        <source>Role ARN</source>
        <translation>ARN da função</translation>
    </message>
    <message>
        <source>Role &amp;ARN:</source>
        <translation>ARN da &amp;função:</translation>
    </message>
    <message>
        <source>External ID</source>
        <translation>ID externo</translation>
    </message>
    <message>
        <source>E&amp;xternal ID:</source>
        <translation>ID e&amp;xterno:</translation>
    </message>
    <message>
        <source>Session name</source>
        <translation>Nome da sessão</translation>
    </message>
    <message>
        <source>Session na&amp;me:</source>
        <translation>Nome da sessã&amp;o:</translation>
    </message>
    <message>
        <source>Session duration in seconds</source>
        <translation>Duração da sessão em segundos</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>&amp;Duration:</source>
        <translation>&amp;Duração:</translation>
    </message>
    <message>
        <source>Source of the credentials</source>
        <translation>Origem das credenciais</translation>
    </message>
    <message>
        <source>Another account&apos;s keys</source>
        <translation>Chaves de outra conta</translation>
    </message>
    <message>
        <source>An AWS profile</source>
        <translation>Um perfil da AWS</translation>
    </message>
    <message>
        <source>Credentials &amp;from:</source>
        <translation>Credenc&amp;iais de:</translation>
    </message>
    <message>
        <source>Source account</source>
        <translation>Conta de origem</translation>
    </message>
    <message>
        <source>Source a&amp;ccount:</source>
        <translation>&amp;Conta de origem:</translation>
    </message>
    <message>
        <source>AWS profile</source>
        <translation>Perfil da AWS</translation>
    </message>
    <message>
        <source>AWS &amp;profile:</source>
        <translation>&amp;Perfil da AWS:</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>C&amp;have de API:</translation>
    </message>
    <message>
        <source>Endpoint override</source>
        <translation>Endpoint alternativo</translation>
    </message>
    <message>
        <source>Optional: the region&apos;s Mantle endpoint</source>
        <translation>Opcional: o endpoint do Mantle da região</translation>
    </message>
    <message>
        <source>&amp;Endpoint:</source>
        <translation>&amp;Endpoint:</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Observações</translation>
    </message>
    <message>
        <source>N&amp;otes:</source>
        <translation>O&amp;bservações:</translation>
    </message>
    <message>
        <source>Edit Account</source>
        <translation>Editar conta</translation>
    </message>
    <message>
        <source>To change the authentication method, remove the account and add it again.</source>
        <translation>Para mudar o método de autenticação, remova a conta e adicione-a novamente.</translation>
    </message>
    <message>
        <source>Unchanged (stored in the keychain)</source>
        <translation>Inalterada (armazenada no chaveiro)</translation>
    </message>
    <message>
        <source>There is already an account “%1”.</source>
        <translation>Já existe uma conta “%1”.</translation>
    </message>
    <message>
        <source>The secret access key</source>
        <translation>A chave de acesso secreta</translation>
    </message>
    <message>
        <source>The session token</source>
        <translation>O token de sessão</translation>
    </message>
    <message>
        <source>The API key</source>
        <translation>A chave de API</translation>
    </message>
    <message>
        <source>%1 is required.</source>
        <translation>%1 é obrigatório.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::AccountsDialog</name>
    <message>
        <source>Access key</source>
        <translation>Chave de acesso</translation>
    </message>
    <message>
        <source>Assumed role</source>
        <translation>Função assumida</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Chave de API</translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation>Credenciais</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Região</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelos</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Solicitação</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Contas</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>Autenticação</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Adicionar…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Editar…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Remover</translation>
    </message>
    <message>
        <source>&amp;Import from AWS Profile</source>
        <translation>&amp;Importar do perfil da AWS</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>&amp;Testar conexão</translation>
    </message>
    <message>
        <source>Checks the selected account&apos;s credentials, region, models and one tiny request.</source>
        <translation>Verifica as credenciais, a região e os modelos da conta selecionada e faz uma solicitação mínima.</translation>
    </message>
    <message>
        <source>IAM &amp;Policy…</source>
        <translation>&amp;Política do IAM…</translation>
    </message>
    <message>
        <source>Shows the least-privilege IAM policy the selected account needs, ready to copy.</source>
        <translation>Mostra a política do IAM de privilégio mínimo de que a conta selecionada precisa, pronta para copiar.</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>Resultado do teste de conexão</translation>
    </message>
    <message>
        <source>Connection test steps</source>
        <translation>Etapas do teste de conexão</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detalhe</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copiar</translation>
    </message>
    <message>
        <source>Broken</source>
        <translation>Corrompida</translation>
    </message>
    <message>
        <source>Remove Account</source>
        <translation>Remover conta</translation>
    </message>
    <message>
        <source>Remove the account “%1” and its secrets from the keychain?</source>
        <translation>Remover a conta “%1” e os segredos dela do chaveiro?</translation>
    </message>
    <message>
        <source>No AWS profiles found</source>
        <translation>Nenhum perfil da AWS encontrado</translation>
    </message>
    <message>
        <source>Imported the AWS profile as “%1”.</source>
        <translation>Perfil da AWS importado como “%1”.</translation>
    </message>
    <message>
        <source>the IAM principal of account “%1”</source>
        <translation>a entidade principal do IAM da conta “%1”</translation>
    </message>
    <message>
        <source>the IAM principal of AWS profile “%1”</source>
        <translation>a entidade principal do IAM do perfil da AWS “%1”</translation>
    </message>
    <message>
        <source>Testing “%1”…</source>
        <translation>Testando “%1”…</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>Aprovado</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Falhou</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Ignorado</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>Correção</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Observação</translation>
    </message>
    <message>
        <source>“%1” works.</source>
        <translation>“%1” funciona.</translation>
    </message>
    <message>
        <source>“%1” does not work.</source>
        <translation>“%1” não funciona.</translation>
    </message>
    <message>
        <source>“%1” does not work: the step “%2” failed.</source>
        <translation>“%1” não funciona: a etapa “%2” falhou.</translation>
    </message>
    <message>
        <source>Short-term API &amp;key…</source>
        <translation>Chave de API de c&amp;urto prazo…</translation>
    </message>
    <message>
        <source>Makes a short-term Bedrock API key from the selected account&apos;s SigV4 credentials, to copy or to use for this session.</source>
        <translation>Gera uma chave de API de curto prazo do Bedrock a partir das credenciais SigV4 da conta selecionada, para copiar ou usar nesta sessão.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::AppOptions</name>
    <message>
        <source>mantle-playground: %1
Run “mantle-playground --help” for the options.</source>
        <translation>mantle-playground: %1
Execute “mantle-playground --help” para ver as opções.</translation>
    </message>
    <message>
        <source>A desktop playground for Amazon Bedrock Mantle.</source>
        <translation>Um playground de desktop para o Amazon Bedrock Mantle.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Mostra esta ajuda.</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>Mostra a versão.</translation>
    </message>
    <message>
        <source>Start with the demo account, served by the built-in local emulator.</source>
        <translation>Inicia com a conta de demonstração, atendida pelo emulador local embutido.</translation>
    </message>
    <message>
        <source>Open the saved session FILE.</source>
        <translation>Abre o arquivo de sessão salvo FILE.</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
    <message>
        <source>Quit (exit code 0) as soon as the main window has been painted once; for start-up benchmarks and smoke checks.</source>
        <translation>Sai (código de saída 0) assim que a janela principal for desenhada uma vez; para benchmarks de inicialização e testes rápidos.</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>argumento inesperado “%1”.</translation>
    </message>
    <message>
        <source>--session was given more than once; give one session file.</source>
        <translation>--session foi informado mais de uma vez; informe um único arquivo de sessão.</translation>
    </message>
    <message>
        <source>--session needs the path of a session file.</source>
        <translation>--session precisa do caminho de um arquivo de sessão.</translation>
    </message>
    <message>
        <source>Use this language for this run instead of the one chosen in Preferences: %1, or “system”.</source>
        <translation>Usa este idioma nesta execução em vez do escolhido em Preferências: %1 ou “system”.</translation>
    </message>
    <message>
        <source>CODE</source>
        <translation>CODE</translation>
    </message>
    <message>
        <source>Check that the app works here (window, translations, the request pipeline against the built-in emulator), print what was checked and exit: 0 when all works, 1 when not.</source>
        <translation>Verifica se o app funciona aqui (janela, traduções, o processamento de solicitações com o emulador embutido), imprime o que foi verificado e sai: 0 se tudo funcionar, 1 caso contrário.</translation>
    </message>
    <message>
        <source>there is no language “%1”; choose one of %2, or “system”.</source>
        <translation>não existe o idioma “%1”; escolha um de %2 ou “system”.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ChainView</name>
    <message>
        <source>Answer</source>
        <translation>Resposta</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sessão</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Custo</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>Armazenada</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Enviado</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Each answer follows the one it continues; a branch (a fork, or an answer continued twice) is indented under the answer it starts from.</source>
        <translation>Cada resposta vem após aquela que ela continua; uma ramificação (uma ramificação criada ou uma resposta continuada duas vezes) fica recuada sob a resposta de onde parte.</translation>
    </message>
    <message>
        <source>Stored responses are kept for 30 days in the region of the request.</source>
        <translation>Respostas armazenadas são mantidas por 30 dias na região da solicitação.</translation>
    </message>
    <message>
        <source>Continue from here</source>
        <translation>Continuar daqui</translation>
    </message>
    <message>
        <source>Fork here</source>
        <translation>Ramificar aqui</translation>
    </message>
    <message>
        <source>Retrieve</source>
        <translation>Recuperar</translation>
    </message>
    <message>
        <source>Delete stored response</source>
        <translation>Excluir resposta armazenada</translation>
    </message>
    <message>
        <source>Poll status</source>
        <translation>Consultar status</translation>
    </message>
    <message>
        <source>Cancel background response</source>
        <translation>Cancelar resposta em segundo plano</translation>
    </message>
    <message>
        <source>resp_…</source>
        <translation>resp_…</translation>
    </message>
    <message>
        <source>Response ID:</source>
        <translation>ID da resposta:</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Excluir</translation>
    </message>
    <message>
        <source>A retrieved response is shown here.</source>
        <translation>Uma resposta recuperada é mostrada aqui.</translation>
    </message>
    <message>
        <source>No answers yet: the answers of saved sessions appear here.</source>
        <translation>Ainda não há respostas: as respostas das sessões salvas aparecem aqui.</translation>
    </message>
    <message>
        <source>Answer %1</source>
        <translation>Resposta %1</translation>
    </message>
    <message>
        <source>%1 in · %2 out</source>
        <translation>%1 entrada · %2 saída</translation>
    </message>
    <message>
        <source>$%1</source>
        <translation>US$ %1</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>excluída</translation>
    </message>
    <message>
        <source>stored</source>
        <translation>armazenada</translation>
    </message>
    <message>
        <source>local only</source>
        <translation>apenas local</translation>
    </message>
    <message>
        <source>Kept by Mantle in %1 under its response id.</source>
        <translation>Mantida pelo Mantle em %1 sob o ID da resposta.</translation>
    </message>
    <message>
        <source>Kept only in this app&apos;s history: continuing re-sends the conversation.</source>
        <translation>Mantida apenas no histórico deste app: continuar reenvia a conversa.</translation>
    </message>
    <message numerus="yes">
        <source>%n new message(s) + previous response</source>
        <translation>
            <numerusform>%n mensagem nova + resposta anterior</numerusform>
            <numerusform>%n mensagens novas + resposta anterior</numerusform>
        </translation>
    </message>
    <message>
        <source>Sent with previous_response_id %1; the earlier turns stayed on the server.</source>
        <translation>Enviada com previous_response_id %1; os turnos anteriores ficaram no servidor.</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) re-sent</source>
        <translation>
            <numerusform>%n mensagem reenviada</numerusform>
            <numerusform>%n mensagens reenviadas</numerusform>
        </translation>
    </message>
    <message>
        <source>The whole conversation was sent with the request.</source>
        <translation>A conversa inteira foi enviada com a solicitação.</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>falhou</translation>
    </message>
    <message>
        <source>Enter a response id (resp_…).</source>
        <translation>Insira um ID de resposta (resp_…).</translation>
    </message>
    <message>
        <source>Delete the stored response %1 from Mantle? Answers that continue from it can no longer be continued by its id.</source>
        <translation>Excluir a resposta armazenada %1 do Mantle? As respostas que continuam a partir dela não poderão mais ser continuadas pelo ID dela.</translation>
    </message>
    <message>
        <source>Not connected to any account.</source>
        <translation>Não conectado a nenhuma conta.</translation>
    </message>
    <message>
        <source>Deleting %1…</source>
        <translation>Excluindo %1…</translation>
    </message>
    <message>
        <source>Retrieving %1…</source>
        <translation>Recuperando %1…</translation>
    </message>
    <message>
        <source>Deleted %1.</source>
        <translation>%1 excluída.</translation>
    </message>
    <message>
        <source>%1 is not stored: it was deleted, has expired (after 30 days) or was made in another region or account.</source>
        <translation>%1 não está armazenada: foi excluída, expirou (após 30 dias) ou foi criada em outra região ou conta.</translation>
    </message>
    <message>
        <source>Response %1: %2</source>
        <translation>Resposta %1: %2</translation>
    </message>
    <message>
        <source>Following the background response %1…</source>
        <translation>Acompanhando a resposta em segundo plano %1…</translation>
    </message>
    <message>
        <source>Background response %1: %2</source>
        <translation>Resposta em segundo plano %1: %2</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CodeExportDialog</name>
    <message>
        <source>Export as Code</source>
        <translation>Exportar como código</translation>
    </message>
    <message>
        <source>%1 request to %2, sent to %3</source>
        <translation>Solicitação %1 para %2, enviada a %3</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Linguagem</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Código</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copiar</translation>
    </message>
    <message>
        <source>Copy the code to the clipboard</source>
        <translation>Copiar o código para a área de transferência</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>&amp;Salvar…</translation>
    </message>
    <message>
        <source>Save the code to a file</source>
        <translation>Salvar o código em um arquivo</translation>
    </message>
    <message>
        <source>No language can express a request of this kind (%1).</source>
        <translation>Nenhuma linguagem consegue expressar uma solicitação deste tipo (%1).</translation>
    </message>
    <message>
        <source>This request cannot be written as %1: %2</source>
        <translation>Esta solicitação não pode ser escrita como %1: %2</translation>
    </message>
    <message>
        <source>Reads the Bedrock API key from the environment variable %1 when it runs.</source>
        <translation>Lê a chave de API do Bedrock da variável de ambiente %1 ao ser executado.</translation>
    </message>
    <message>
        <source>Signs with SigV4 using botocore&apos;s credentials: %1, %2 and %3, or the profile named by %4.</source>
        <translation>Assina com SigV4 usando as credenciais do botocore: %1, %2 e %3, ou o perfil indicado por %4.</translation>
    </message>
    <message>
        <source>Signs with SigV4 (curl 7.75 or newer) using %1 and %2, and %3 for temporary credentials.</source>
        <translation>Assina com SigV4 (curl 7.75 ou mais recente) usando %1 e %2, e %3 para credenciais temporárias.</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>Copiado.</translation>
    </message>
    <message>
        <source>There is no code to save.</source>
        <translation>Não há código para salvar.</translation>
    </message>
    <message>
        <source>Cannot write the file “%1”: %2.</source>
        <translation>Não foi possível gravar o arquivo “%1”: %2.</translation>
    </message>
    <message>
        <source>Saved “%1”, but could not make it executable.</source>
        <translation>“%1” foi salvo, mas não foi possível torná-lo executável.</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>Salvo em %1.</translation>
    </message>
    <message>
        <source>Save Code</source>
        <translation>Salvar código</translation>
    </message>
    <message>
        <source>Python programs (*.py)</source>
        <translation>Programas Python (*.py)</translation>
    </message>
    <message>
        <source>JavaScript and TypeScript modules (*.mjs *.js *.ts)</source>
        <translation>Módulos JavaScript e TypeScript (*.mjs *.js *.ts)</translation>
    </message>
    <message>
        <source>Shell scripts (*.sh)</source>
        <translation>Scripts de shell (*.sh)</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CompareColumn</name>
    <message>
        <source>Reasoning</source>
        <translation>Raciocínio</translation>
    </message>
    <message>
        <source>Answer of %1</source>
        <translation>Resposta de %1</translation>
    </message>
    <message>
        <source>Continue with This</source>
        <translation>Continuar com esta</translation>
    </message>
    <message>
        <source>Open a new session with this target, the prompt and this answer</source>
        <translation>Abrir uma nova sessão com este destino, o prompt e esta resposta</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>aguardando</translation>
    </message>
    <message>
        <source>streaming</source>
        <translation>transmitindo</translation>
    </message>
    <message>
        <source>done</source>
        <translation>concluída</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>interrompida</translation>
    </message>
    <message>
        <source>error</source>
        <translation>erro</translation>
    </message>
    <message>
        <source>Tool call: %1(%2)</source>
        <translation>Chamada de ferramenta: %1(%2)</translation>
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
        <translation>Destino</translation>
    </message>
    <message>
        <source>TTFT</source>
        <translation>TTFT</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>Tokens/s</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation>Tokens de entrada</translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation>Tokens de saída</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Custo</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erro</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CompareTargetRow</name>
    <message>
        <source>Account</source>
        <translation>Conta</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Região</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remover</translation>
    </message>
    <message>
        <source>Remove this target</source>
        <translation>Remover este destino</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CompareWindow</name>
    <message>
        <source>Compare</source>
        <translation>Comparar</translation>
    </message>
    <message>
        <source>&amp;Side by Side</source>
        <translation>&amp;Lado a lado</translation>
    </message>
    <message>
        <source>Across &amp;APIs</source>
        <translation>Entre &amp;APIs</translation>
    </message>
    <message>
        <source>&amp;Regions</source>
        <translation>&amp;Regiões</translation>
    </message>
    <message>
        <source>The first target is now %1.</source>
        <translation>O primeiro destino agora é %1.</translation>
    </message>
    <message>
        <source>The session was saved but could not be opened now: stop the answer that is streaming first.</source>
        <translation>A sessão foi salva, mas não pôde ser aberta agora: interrompa primeiro a resposta em streaming.</translation>
    </message>
    <message>
        <source>&amp;Prompt:</source>
        <translation>&amp;Prompt:</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Targets (account, region, model, API):</source>
        <translation>Destinos (conta, região, modelo, API):</translation>
    </message>
    <message>
        <source>A&amp;dd Target</source>
        <translation>A&amp;dicionar destino</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Executar</translation>
    </message>
    <message>
        <source>Send the prompt to every target at once (Ctrl+Enter)</source>
        <translation>Enviar o prompt a todos os destinos de uma vez (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>S&amp;ync scrolling</source>
        <translation>&amp;Sincronizar rolagem</translation>
    </message>
    <message>
        <source>Comparison table</source>
        <translation>Tabela de comparação</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>E&amp;xportar CSV…</translation>
    </message>
    <message>
        <source>&amp;Copy as CSV</source>
        <translation>&amp;Copiar como CSV</translation>
    </message>
    <message>
        <source>Co&amp;ntinue with This</source>
        <translation>Co&amp;ntinuar com esta</translation>
    </message>
    <message>
        <source>Open a new session with the selected row&apos;s target, the prompt and its answer</source>
        <translation>Abrir uma nova sessão com o destino da linha selecionada, o prompt e a resposta dele</translation>
    </message>
    <message>
        <source>Type a prompt first.</source>
        <translation>Digite um prompt primeiro.</translation>
    </message>
    <message>
        <source>Choose a model for every target.</source>
        <translation>Escolha um modelo para cada destino.</translation>
    </message>
    <message>
        <source>Every target answered.</source>
        <translation>Todos os destinos responderam.</translation>
    </message>
    <message numerus="yes">
        <source>Done; %n target(s) failed.</source>
        <translation>
            <numerusform>Concluído; %n destino falhou.</numerusform>
            <numerusform>Concluído; %n destinos falharam.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sending to %n target(s)…</source>
        <translation>
            <numerusform>Enviando para %n destino…</numerusform>
            <numerusform>Enviando para %n destinos…</numerusform>
        </translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Interromper</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2</source>
        <translation>Não foi possível gravar “%1”: %2</translation>
    </message>
    <message>
        <source>Export Comparison</source>
        <translation>Exportar comparação</translation>
    </message>
    <message>
        <source>comparison.csv</source>
        <translation>comparacao.csv</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>Exportado para %1.</translation>
    </message>
    <message>
        <source>Copied the table as CSV.</source>
        <translation>Tabela copiada como CSV.</translation>
    </message>
    <message>
        <source>That target has not answered yet.</source>
        <translation>Esse destino ainda não respondeu.</translation>
    </message>
    <message>
        <source>Select a row of the table first.</source>
        <translation>Selecione uma linha da tabela primeiro.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ConversationView</name>
    <message>
        <source>Conversation</source>
        <translation>Conversa</translation>
    </message>
    <message>
        <source>The prompts and answers of this session. Up and Down select an item; the context menu copies, edits, deletes or re-runs it; Ctrl+C copies the selected item&apos;s text.</source>
        <translation>Os prompts e as respostas desta sessão. Seta para cima e para baixo selecionam um item; o menu de contexto copia, edita, exclui ou executa novamente o item; Ctrl+C copia o texto do item selecionado.</translation>
    </message>
    <message>
        <source>Copy Text</source>
        <translation>Copiar texto</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Editar…</translation>
    </message>
    <message>
        <source>Re-run from Here</source>
        <translation>Executar novamente daqui</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Excluir</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CostChart</name>
    <message>
        <source>Cost chart</source>
        <translation>Gráfico de custos</translation>
    </message>
    <message numerus="yes">
        <source>%n bars, %1 USD in all</source>
        <translation>
            <numerusform>%n barra, %1 USD no total</numerusform>
            <numerusform>%n barras, %1 USD no total</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 to %2: %3 USD, %4 tokens</source>
        <translation>%1 a %2: %3 USD, %4 tokens</translation>
    </message>
    <message numerus="yes">
        <source>%n answer(s) without a price</source>
        <translation>
            <numerusform>%n resposta sem preço</numerusform>
            <numerusform>%n respostas sem preço</numerusform>
        </translation>
    </message>
    <message>
        <source>Cost (%1)</source>
        <translation>Custo (%1)</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CostTableModel</name>
    <message>
        <source>No price</source>
        <translation>Sem preço</translation>
    </message>
    <message>
        <source>Catalogue</source>
        <translation>Catálogo</translation>
    </message>
    <message>
        <source>Catalogue (%1)</source>
        <translation>Catálogo (%1)</translation>
    </message>
    <message>
        <source>Private</source>
        <translation>Privado</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>Não registrado</translation>
    </message>
    <message>
        <source>unpriced</source>
        <translation>sem preço</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Part of the output tokens, and billed with them.</source>
        <translation>Parte dos tokens de saída e cobrado junto com eles.</translation>
    </message>
    <message>
        <source>The model had no known price when this answer came.</source>
        <translation>O modelo não tinha preço conhecido quando esta resposta chegou.</translation>
    </message>
    <message>
        <source>%1 (this answer kept its total only)</source>
        <translation>%1 (esta resposta guardou apenas o total)</translation>
    </message>
    <message>
        <source>No price was known for this model.</source>
        <translation>Nenhum preço era conhecido para este modelo.</translation>
    </message>
    <message>
        <source>Priced by an earlier version, which did not keep the prices it used.</source>
        <translation>Precificado por uma versão anterior, que não guardava os preços usados.</translation>
    </message>
    <message>
        <source>Your own prices for this model.</source>
        <translation>Seus próprios preços para este modelo.</translation>
    </message>
    <message>
        <source>The catalogue&apos;s list prices.</source>
        <translation>Os preços de tabela do catálogo.</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation>Origem: %1</translation>
    </message>
    <message>
        <source>As of: %1</source>
        <translation>Data de referência: %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Entrada</translation>
    </message>
    <message>
        <source>Cached</source>
        <translation>Em cache</translation>
    </message>
    <message>
        <source>Cache write</source>
        <translation>Gravação em cache</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Saída</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>Raciocínio</translation>
    </message>
    <message>
        <source>Input cost</source>
        <translation>Custo de entrada</translation>
    </message>
    <message>
        <source>Cached cost</source>
        <translation>Custo em cache</translation>
    </message>
    <message>
        <source>Cache write cost</source>
        <translation>Custo de gravação em cache</translation>
    </message>
    <message>
        <source>Output cost</source>
        <translation>Custo de saída</translation>
    </message>
    <message>
        <source>Total (USD)</source>
        <translation>Total (USD)</translation>
    </message>
    <message>
        <source>Prices</source>
        <translation>Preços</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CostView</name>
    <message>
        <source>Costs</source>
        <translation>Custos</translation>
    </message>
    <message>
        <source>This session:</source>
        <translation>Esta sessão:</translation>
    </message>
    <message>
        <source>This account:</source>
        <translation>Esta conta:</translation>
    </message>
    <message>
        <source>Today:</source>
        <translation>Hoje:</translation>
    </message>
    <message>
        <source>All sessions:</source>
        <translation>Todas as sessões:</translation>
    </message>
    <message>
        <source>Per answer</source>
        <translation>Por resposta</translation>
    </message>
    <message>
        <source>Cost and tokens of each answer of this session</source>
        <translation>Custo e tokens de cada resposta desta sessão</translation>
    </message>
    <message>
        <source>Last %1 days</source>
        <translation>Últimos %1 dias</translation>
    </message>
    <message>
        <source>Cost and tokens per day over every session</source>
        <translation>Custo e tokens por dia em todas as sessões</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exportar CSV…</translation>
    </message>
    <message>
        <source>Export the cost ledger as CSV</source>
        <translation>Exportar o registro de custos como CSV</translation>
    </message>
    <message>
        <source>Every answer of every session, with its tokens, cost and price source</source>
        <translation>Cada resposta de cada sessão, com tokens, custo e origem do preço</translation>
    </message>
    <message>
        <source>Cost of each answer</source>
        <translation>Custo de cada resposta</translation>
    </message>
    <message>
        <source>Cannot write the file &quot;%1&quot;: %2.</source>
        <translation>Não foi possível gravar o arquivo &quot;%1&quot;: %2.</translation>
    </message>
    <message>
        <source>The costs could not be exported: %1</source>
        <translation>Não foi possível exportar os custos: %1</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>Exportado para %1.</translation>
    </message>
    <message>
        <source>Export Costs</source>
        <translation>Exportar custos</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Arquivos CSV (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>%1 USD · %n answer(s)</source>
        <translation>
            <numerusform>%1 USD · %n resposta</numerusform>
            <numerusform>%1 USD · %n respostas</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 tokens in, %2 out</source>
        <translation>%1 tokens de entrada, %2 de saída</translation>
    </message>
    <message numerus="yes">
        <source>%n without a price</source>
        <translation>
            <numerusform>%n sem preço</numerusform>
            <numerusform>%n sem preço</numerusform>
        </translation>
    </message>
    <message>
        <source>(reading the other sessions…)</source>
        <translation>(lendo as outras sessões…)</translation>
    </message>
    <message>
        <source>Account %1:</source>
        <translation>Conta %1:</translation>
    </message>
    <message>
        <source>%1 USD</source>
        <translation>%1 USD</translation>
    </message>
    <message>
        <source>no price</source>
        <translation>sem preço</translation>
    </message>
    <message>
        <source>Answer %1 (%2), %3
%4, %5 tokens</source>
        <translation>Resposta %1 (%2), %3
%4, %5 tokens</translation>
    </message>
    <message>
        <source>No answer of this session has reported its usage yet.</source>
        <translation>Nenhuma resposta desta sessão informou o uso ainda.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2 USD, %n answer(s), %3 tokens</source>
        <translation>
            <numerusform>%1: %2 USD, %n resposta, %3 tokens</numerusform>
            <numerusform>%1: %2 USD, %n respostas, %3 tokens</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mantle::ui::CrossApiView</name>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modelo:</translation>
    </message>
    <message>
        <source>&amp;Run All APIs</source>
        <translation>&amp;Executar em todas as APIs</translation>
    </message>
    <message>
        <source>Send the request through every API the model serves</source>
        <translation>Enviar a solicitação por todas as APIs que o modelo oferece</translation>
    </message>
    <message>
        <source>Choose a model.</source>
        <translation>Escolha um modelo.</translation>
    </message>
    <message>
        <source>Loading the models…</source>
        <translation>Carregando os modelos…</translation>
    </message>
    <message>
        <source>The model list does not say which APIs this model serves.</source>
        <translation>A lista de modelos não diz quais APIs este modelo oferece.</translation>
    </message>
    <message numerus="yes">
        <source>%n API(s) serve this model. The payloads below are what each would send.</source>
        <translation>
            <numerusform>%n API oferece este modelo. Os payloads abaixo são o que cada uma enviaria.</numerusform>
            <numerusform>%n APIs oferecem este modelo. Os payloads abaixo são o que cada uma enviaria.</numerusform>
        </translation>
    </message>
    <message>
        <source>Payload for %1</source>
        <translation>Payload de %1</translation>
    </message>
    <message>
        <source>Raw usage</source>
        <translation>Uso bruto</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Resposta</translation>
    </message>
    <message>
        <source>Not sent yet.</source>
        <translation>Ainda não enviado.</translation>
    </message>
    <message>
        <source>This request cannot be sent: %1</source>
        <translation>Esta solicitação não pode ser enviada: %1</translation>
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
        <translation>Nenhuma API para onde enviar: escolha um modelo que a lista conheça.</translation>
    </message>
    <message>
        <source>Every API answered or failed; usage is shown as each reported it.</source>
        <translation>Todas as APIs responderam ou falharam; o uso é mostrado como cada uma o informou.</translation>
    </message>
    <message>
        <source>Waiting…</source>
        <translation>Aguardando…</translation>
    </message>
    <message numerus="yes">
        <source>Sending through %n API(s)…</source>
        <translation>
            <numerusform>Enviando por %n API…</numerusform>
            <numerusform>Enviando por %n APIs…</numerusform>
        </translation>
    </message>
    <message>
        <source>not reported</source>
        <translation>não informado</translation>
    </message>
    <message>
        <source>Input %1 · output %2 · cached %3 · reasoning %4</source>
        <translation>Entrada %1 · saída %2 · em cache %3 · raciocínio %4</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Erro: %1</translation>
    </message>
    <message>
        <source>No usage reported.</source>
        <translation>Nenhum uso informado.</translation>
    </message>
    <message>
        <source>Streaming…</source>
        <translation>Transmitindo…</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Interromper</translation>
    </message>
</context>
<context>
    <name>mantle::ui::DemoDriver</name>
    <message>
        <source>The window has no page for this API.</source>
        <translation>A janela não tem página para esta API.</translation>
    </message>
    <message>
        <source>The model list does not offer %1.</source>
        <translation>A lista de modelos não oferece %1.</translation>
    </message>
    <message>
        <source>No answer within %1 ms.</source>
        <translation>Nenhuma resposta em %1 ms.</translation>
    </message>
    <message>
        <source>The answer was empty.</source>
        <translation>A resposta veio vazia.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::IamPolicyDialog</name>
    <message>
        <source>Allow subscribing to third-party (Marketplace) models</source>
        <translation>Permitir a assinatura de modelos de terceiros (Marketplace)</translation>
    </message>
    <message>
        <source>Identity policy</source>
        <translation>Política de identidade</translation>
    </message>
    <message>
        <source>IAM Policy for “%1”</source>
        <translation>Política do IAM para “%1”</translation>
    </message>
    <message>
        <source>Attach it to the IAM user that owns the API key.</source>
        <translation>Anexe-a ao usuário do IAM dono da chave de API.</translation>
    </message>
    <message>
        <source>Attach it to the role %1.</source>
        <translation>Anexe-a à função %1.</translation>
    </message>
    <message>
        <source>Attach it to the IAM user or role of the access key.</source>
        <translation>Anexe-a ao usuário ou à função do IAM da chave de acesso.</translation>
    </message>
    <message>
        <source>The least-privilege policy for this account in %1: only what Mantle Playground needs. %2</source>
        <translation>A política de privilégio mínimo para esta conta em %1: apenas o que o Mantle Playground precisa. %2</translation>
    </message>
    <message>
        <source>AWS account id</source>
        <translation>ID da conta da AWS</translation>
    </message>
    <message>
        <source>12 digits; empty: any account (*)</source>
        <translation>12 dígitos; vazio: qualquer conta (*)</translation>
    </message>
    <message>
        <source>AWS &amp;account id:</source>
        <translation>I&amp;D da conta da AWS:</translation>
    </message>
    <message>
        <source>An AWS account id has 12 digits.</source>
        <translation>Um ID de conta da AWS tem 12 dígitos.</translation>
    </message>
    <message>
        <source>Identity policy:</source>
        <translation>Política de identidade:</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copiar</translation>
    </message>
    <message>
        <source>Copy the identity policy&apos;s JSON (it holds no secret).</source>
        <translation>Copiar o JSON da política de identidade (não contém segredos).</translation>
    </message>
    <message>
        <source>Trust policy</source>
        <translation>Política de confiança</translation>
    </message>
    <message>
        <source>Trust policy of the role (who may assume it):</source>
        <translation>Política de confiança da função (quem pode assumi-la):</translation>
    </message>
    <message>
        <source>Copy &amp;Trust Policy</source>
        <translation>Copiar &amp;política de confiança</translation>
    </message>
    <message>
        <source>Use the policy above to grant only what the playground needs, for this region; attach the managed policy when you would rather have AWS keep the permissions up to date as Mantle changes, or when several regions and tools share the principal.</source>
        <translation>Use a política acima para conceder apenas o que o playground precisa, nesta região; anexe a política gerenciada se preferir que a AWS mantenha as permissões atualizadas conforme o Mantle muda ou se várias regiões e ferramentas compartilham a entidade principal.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::InspectorView</name>
    <message>
        <source>Header</source>
        <translation>Cabeçalho</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
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
        <translation>Selecione uma resposta para ver a solicitação dela.</translation>
    </message>
    <message>
        <source>Request inspector</source>
        <translation>Inspetor de solicitações</translation>
    </message>
    <message>
        <source>Request summary</source>
        <translation>Resumo da solicitação</translation>
    </message>
    <message>
        <source>Request, response and timing</source>
        <translation>Solicitação, resposta e tempos</translation>
    </message>
    <message>
        <source>&amp;Request</source>
        <translation>&amp;Solicitação</translation>
    </message>
    <message>
        <source>Res&amp;ponse</source>
        <translation>Res&amp;posta</translation>
    </message>
    <message>
        <source>&amp;Timing</source>
        <translation>&amp;Tempos</translation>
    </message>
    <message>
        <source>Method and URL</source>
        <translation>Método e URL</translation>
    </message>
    <message>
        <source>Copy as c&amp;url</source>
        <translation>Copiar como c&amp;url</translation>
    </message>
    <message>
        <source>Copy this request as a curl command that reads the credentials from the environment</source>
        <translation>Copiar esta solicitação como comando curl que lê as credenciais do ambiente</translation>
    </message>
    <message>
        <source>E&amp;xport as code…</source>
        <translation>E&amp;xportar como código…</translation>
    </message>
    <message>
        <source>Show this request as a Python, TypeScript or curl program</source>
        <translation>Mostrar esta solicitação como programa Python, TypeScript ou curl</translation>
    </message>
    <message>
        <source>Request headers</source>
        <translation>Cabeçalhos da solicitação</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>Corpo</translation>
    </message>
    <message>
        <source>Ra&amp;w</source>
        <translation>&amp;Bruto</translation>
    </message>
    <message>
        <source>Show the exact request bytes</source>
        <translation>Mostrar os bytes exatos da solicitação</translation>
    </message>
    <message>
        <source>Show the body byte for byte as it was sent, not indented.</source>
        <translation>Mostrar o corpo byte a byte como foi enviado, sem recuo.</translation>
    </message>
    <message>
        <source>Request body</source>
        <translation>Corpo da solicitação</translation>
    </message>
    <message>
        <source>No body</source>
        <translation>Sem corpo</translation>
    </message>
    <message>
        <source>Response status</source>
        <translation>Status da resposta</translation>
    </message>
    <message>
        <source>Response headers</source>
        <translation>Cabeçalhos da resposta</translation>
    </message>
    <message>
        <source>Server-sent events</source>
        <translation>Server-sent events</translation>
    </message>
    <message>
        <source>Data of the selected event</source>
        <translation>Dados do evento selecionado</translation>
    </message>
    <message>
        <source>Select an event to see its data.</source>
        <translation>Selecione um evento para ver os dados dele.</translation>
    </message>
    <message>
        <source>R&amp;aw</source>
        <translation>B&amp;ruto</translation>
    </message>
    <message>
        <source>Show the exact response bytes</source>
        <translation>Mostrar os bytes exatos da resposta</translation>
    </message>
    <message>
        <source>Show the body byte for byte as it arrived, not indented.</source>
        <translation>Mostrar o corpo byte a byte como chegou, sem recuo.</translation>
    </message>
    <message>
        <source>Response body</source>
        <translation>Corpo da resposta</translation>
    </message>
    <message>
        <source>Attempts:</source>
        <translation>Tentativas:</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Tentativas</translation>
    </message>
    <message>
        <source>Route prefix:</source>
        <translation>Prefixo de rota:</translation>
    </message>
    <message>
        <source>Route prefix</source>
        <translation>Prefixo de rota</translation>
    </message>
    <message>
        <source>Time to first byte:</source>
        <translation>Tempo até o primeiro byte:</translation>
    </message>
    <message>
        <source>Time to first byte</source>
        <translation>Tempo até o primeiro byte</translation>
    </message>
    <message>
        <source>Time to first token:</source>
        <translation>Tempo até o primeiro token:</translation>
    </message>
    <message>
        <source>Time to first token</source>
        <translation>Tempo até o primeiro token</translation>
    </message>
    <message>
        <source>Total:</source>
        <translation>Total:</translation>
    </message>
    <message>
        <source>Total time</source>
        <translation>Tempo total</translation>
    </message>
    <message>
        <source>Tokens per second:</source>
        <translation>Tokens por segundo:</translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation>Tokens por segundo</translation>
    </message>
    <message>
        <source>Error:</source>
        <translation>Erro:</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erro</translation>
    </message>
    <message>
        <source>Truncated:</source>
        <translation>Truncado:</translation>
    </message>
    <message>
        <source>Truncated</source>
        <translation>Truncado</translation>
    </message>
    <message>
        <source>Waiting for the answer…</source>
        <translation>Aguardando a resposta…</translation>
    </message>
    <message>
        <source>No answer arrived.</source>
        <translation>Nenhuma resposta chegou.</translation>
    </message>
    <message>
        <source>Status %1</source>
        <translation>Status %1</translation>
    </message>
    <message>
        <source>%1 · request id %2</source>
        <translation>%1 · ID da solicitação %2</translation>
    </message>
    <message>
        <source>%1 (retries: %2)</source>
        <translation>%1 (novas tentativas: %2)</translation>
    </message>
    <message>
        <source>%1 (switched after a wrong-prefix answer)</source>
        <translation>%1 (alterado após uma resposta de prefixo errado)</translation>
    </message>
    <message>
        <source>running…</source>
        <translation>em execução…</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Nenhum</translation>
    </message>
    <message>
        <source>Yes: only the first %1 events and %2 MB of body were kept.</source>
        <translation>Sim: apenas os primeiros %1 eventos e %2 MB do corpo foram mantidos.</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Não</translation>
    </message>
    <message>
        <source>streaming, %1 events so far</source>
        <translation>em streaming, %1 eventos até agora</translation>
    </message>
    <message>
        <source>%1 ms in total</source>
        <translation>%1 ms no total</translation>
    </message>
    <message>
        <source>first token after %1 ms</source>
        <translation>primeiro token após %1 ms</translation>
    </message>
    <message>
        <source>retries: %1</source>
        <translation>novas tentativas: %1</translation>
    </message>
    <message>
        <source>route switched to %1</source>
        <translation>rota alterada para %1</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>falhou: %1</translation>
    </message>
    <message>
        <source>truncated</source>
        <translation>truncado</translation>
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
        <translation>Pronto</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Conta</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Região</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Ask the region again for its models</source>
        <translation>Pedir novamente à região a lista de modelos</translation>
    </message>
    <message>
        <source>Refresh models</source>
        <translation>Atualizar modelos</translation>
    </message>
    <message>
        <source>Demo: offline, answered by the built-in emulator</source>
        <translation>Demonstração: offline, respondida pelo emulador embutido</translation>
    </message>
    <message>
        <source>The “%1” account answers from the Mantle emulator built into the app: no AWS account, no network, no cost. Add your own account with File &gt; Accounts….</source>
        <translation>A conta “%1” é respondida pelo emulador do Mantle embutido no app: sem conta da AWS, sem rede, sem custo. Adicione sua própria conta em Arquivo &gt; Contas….</translation>
    </message>
    <message>
        <source>&amp;Account:</source>
        <translation>&amp;Conta:</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>&amp;Região:</translation>
    </message>
    <message>
        <source>M&amp;odel:</source>
        <translation>M&amp;odelo:</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sessões</translation>
    </message>
    <message>
        <source>Request Inspector</source>
        <translation>Inspetor de solicitações</translation>
    </message>
    <message>
        <source>Select an answer to see the request that was sent.</source>
        <translation>Selecione uma resposta para ver a solicitação enviada.</translation>
    </message>
    <message>
        <source>Select an answer to export its request.</source>
        <translation>Selecione uma resposta para exportar a solicitação dela.</translation>
    </message>
    <message>
        <source>Demo mode: the “%1” account answers from the emulator built into the app.</source>
        <translation>Modo de demonstração: a conta “%1” é respondida pelo emulador embutido no app.</translation>
    </message>
    <message>
        <source>No account: File &gt; Accounts…</source>
        <translation>Nenhuma conta: Arquivo &gt; Contas…</translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation>Solicitando a lista de modelos a %1…</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) for this surface.</source>
        <translation>
            <numerusform>%n modelo para esta API.</numerusform>
            <numerusform>%n modelos para esta API.</numerusform>
        </translation>
    </message>
    <message>
        <source>The live model list could not be fetched, so the catalogue&apos;s models show: %1</source>
        <translation>Não foi possível obter a lista de modelos ao vivo, então são mostrados os modelos do catálogo: %1</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1
Surfaces: %2</source>
        <translation>%1
APIs: %2</translation>
    </message>
    <message>
        <source>No model of this account serves %1</source>
        <translation>Nenhum modelo desta conta oferece %1</translation>
    </message>
    <message>
        <source>This session uses an API the playground does not show.</source>
        <translation>Esta sessão usa uma API que o playground não mostra.</translation>
    </message>
    <message>
        <source>Stop the answer that is streaming before opening another session.</source>
        <translation>Interrompa a resposta em streaming antes de abrir outra sessão.</translation>
    </message>
    <message>
        <source>Cannot open the session “%1”: %2</source>
        <translation>Não foi possível abrir a sessão “%1”: %2</translation>
    </message>
    <message>
        <source>Cannot open the session “%1” now.</source>
        <translation>Não é possível abrir a sessão “%1” agora.</translation>
    </message>
    <message>
        <source>Opened the session “%1”; changes are saved in the app&apos;s sessions.</source>
        <translation>Sessão “%1” aberta; as alterações são salvas nas sessões do app.</translation>
    </message>
    <message>
        <source>Stop the answer that is streaming before starting a new session.</source>
        <translation>Interrompa a resposta em streaming antes de iniciar uma nova sessão.</translation>
    </message>
    <message>
        <source>New session.</source>
        <translation>Nova sessão.</translation>
    </message>
    <message>
        <source>Import Session</source>
        <translation>Importar sessão</translation>
    </message>
    <message>
        <source>Sessions (*.json *.md *.markdown);;Session files (*.json);;Markdown (*.md *.markdown)</source>
        <translation>Sessões (*.json *.md *.markdown);;Arquivos de sessão (*.json);;Markdown (*.md *.markdown)</translation>
    </message>
    <message>
        <source>The session could not be imported: %1</source>
        <translation>Não foi possível importar a sessão: %1</translation>
    </message>
    <message>
        <source>Export Session</source>
        <translation>Exportar sessão</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Session files (*.json)</source>
        <translation>Arquivos de sessão (*.json)</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>Exportado para %1.</translation>
    </message>
    <message>
        <source>The session could not be exported: %1</source>
        <translation>Não foi possível exportar a sessão: %1</translation>
    </message>
    <message>
        <source>Stop the answer that is streaming before deleting its session.</source>
        <translation>Interrompa a resposta em streaming antes de excluir a sessão dela.</translation>
    </message>
    <message>
        <source>That answer is no longer in its session.</source>
        <translation>Essa resposta não está mais na sessão.</translation>
    </message>
    <message>
        <source>Continuing “%1”.</source>
        <translation>Continuando “%1”.</translation>
    </message>
    <message>
        <source>Forked “%1” after that answer: the new session goes on from there.</source>
        <translation>“%1” ramificada após essa resposta: a nova sessão continua a partir dali.</translation>
    </message>
    <message>
        <source>The request cannot be exported: %1</source>
        <translation>Não foi possível exportar a solicitação: %1</translation>
    </message>
    <message>
        <source>Select an answer to copy its request.</source>
        <translation>Selecione uma resposta para copiar a solicitação dela.</translation>
    </message>
    <message>
        <source>Copied the request as curl (signed with SigV4 from $AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY)</source>
        <translation>Solicitação copiada como curl (assinada com SigV4 a partir de $AWS_ACCESS_KEY_ID e $AWS_SECRET_ACCESS_KEY)</translation>
    </message>
    <message>
        <source>Copied the request as curl (the key is read from $AWS_BEARER_TOKEN_BEDROCK)</source>
        <translation>Solicitação copiada como curl (a chave é lida de $AWS_BEARER_TOKEN_BEDROCK)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Arquivo</translation>
    </message>
    <message>
        <source>&amp;New Session</source>
        <translation>&amp;Nova sessão</translation>
    </message>
    <message>
        <source>&amp;Import Session…</source>
        <translation>&amp;Importar sessão…</translation>
    </message>
    <message>
        <source>Export Session as &amp;JSON…</source>
        <translation>Exportar sessão como &amp;JSON…</translation>
    </message>
    <message>
        <source>Export Session as Mar&amp;kdown…</source>
        <translation>Exportar sessão como Mar&amp;kdown…</translation>
    </message>
    <message>
        <source>&amp;Accounts…</source>
        <translation>&amp;Contas…</translation>
    </message>
    <message>
        <source>&amp;Models…</source>
        <translation>&amp;Modelos…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Sair</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <source>&amp;Find Sessions</source>
        <translation>&amp;Buscar sessões</translation>
    </message>
    <message>
        <source>&amp;Playground</source>
        <translation>&amp;Playground</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>E&amp;nviar</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Interromper</translation>
    </message>
    <message>
        <source>&amp;Export as Code…</source>
        <translation>E&amp;xportar como código…</translation>
    </message>
    <message>
        <source>Demo &amp;Failures</source>
        <translation>&amp;Falhas de demonstração</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Nenhum</translation>
    </message>
    <message>
        <source>Access Denied</source>
        <translation>Acesso negado</translation>
    </message>
    <message>
        <source>Wrong Route Prefix</source>
        <translation>Prefixo de rota errado</translation>
    </message>
    <message>
        <source>Too Many Requests (429)</source>
        <translation>Solicitações demais (429)</translation>
    </message>
    <message>
        <source>Server Error (500)</source>
        <translation>Erro de servidor (500)</translation>
    </message>
    <message>
        <source>Connection Cut Mid-Answer</source>
        <translation>Conexão cortada no meio da resposta</translation>
    </message>
    <message>
        <source>Malformed Event</source>
        <translation>Evento malformado</translation>
    </message>
    <message>
        <source>Slow Server (3 s)</source>
        <translation>Servidor lento (3 s)</translation>
    </message>
    <message>
        <source>The demo account behaves again.</source>
        <translation>A conta de demonstração voltou a funcionar normalmente.</translation>
    </message>
    <message>
        <source>The demo account now fails every request: %1.</source>
        <translation>A conta de demonstração agora falha em todas as solicitações: %1.</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>E&amp;xibir</translation>
    </message>
    <message>
        <source>&amp;Sessions</source>
        <translation>&amp;Sessões</translation>
    </message>
    <message>
        <source>Request &amp;Inspector</source>
        <translation>&amp;Inspetor de solicitações</translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation>&amp;Tela cheia</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;juda</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Atalhos de teclado</translation>
    </message>
    <message>
        <source>&amp;About Mantle Playground</source>
        <translation>&amp;Sobre o Mantle Playground</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Sobre o &amp;Qt</translation>
    </message>
    <message>
        <source>Restart Mantle Playground?</source>
        <translation>Reiniciar o Mantle Playground?</translation>
    </message>
    <message>
        <source>The new language is used from the next start. Restart now? Your sessions are saved first.</source>
        <translation>O novo idioma passa a valer na próxima inicialização. Reiniciar agora? Suas sessões são salvas antes.</translation>
    </message>
    <message>
        <source>&amp;Restart Now</source>
        <translation>&amp;Reiniciar agora</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>&amp;Mais tarde</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Preferências…</translation>
    </message>
    <message>
        <source>&amp;Compare…</source>
        <translation>&amp;Comparar…</translation>
    </message>
    <message>
        <source>Short-term API key until %1</source>
        <translation>Chave de API de curto prazo até %1</translation>
    </message>
    <message>
        <source>The requests of “%1” in %2 go with a short-term Bedrock API key (Bearer) instead of a SigV4 signature until %3, then with SigV4 again. File &gt; Accounts… &gt; Short-term API key… stops it.</source>
        <translation>As solicitações de “%1” em %2 usam uma chave de API do Bedrock de curto prazo (Bearer) em vez de uma assinatura SigV4 até %3 e depois voltam ao SigV4. Arquivo &gt; Contas… &gt; Chave de API de curto prazo… interrompe isso.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ModelEditor</name>
    <message>
        <source>Add model</source>
        <translation>Adicionar modelo</translation>
    </message>
    <message>
        <source>Edit model %1</source>
        <translation>Editar modelo %1</translation>
    </message>
    <message>
        <source>Model id</source>
        <translation>ID do modelo</translation>
    </message>
    <message>
        <source>e.g. moonshotai.kimi-k2-thinking</source>
        <translation>ex.: moonshotai.kimi-k2-thinking</translation>
    </message>
    <message>
        <source>Model &amp;id:</source>
        <translation>&amp;ID do modelo:</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Nome de exibição</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nome:</translation>
    </message>
    <message>
        <source>OpenAI-style prefix</source>
        <translation>Prefixo no estilo OpenAI</translation>
    </message>
    <message>
        <source>As the catalogue says</source>
        <translation>Conforme o catálogo</translation>
    </message>
    <message>
        <source>&amp;Prefix:</source>
        <translation>&amp;Prefixo:</translation>
    </message>
    <message>
        <source>Set the surfaces</source>
        <translation>Definir as APIs</translation>
    </message>
    <message>
        <source>Private prices (per million tokens)</source>
        <translation>Preços privados (por milhão de tokens)</translation>
    </message>
    <message>
        <source>Private prices</source>
        <translation>Preços privados</translation>
    </message>
    <message>
        <source>Input price per million tokens</source>
        <translation>Preço de entrada por milhão de tokens</translation>
    </message>
    <message>
        <source>Output price per million tokens</source>
        <translation>Preço de saída por milhão de tokens</translation>
    </message>
    <message>
        <source>I&amp;nput:</source>
        <translation>E&amp;ntrada:</translation>
    </message>
    <message>
        <source>O&amp;utput:</source>
        <translation>Saí&amp;da:</translation>
    </message>
    <message>
        <source>“%1” cannot be a model id: it must not be empty or contain white space or &apos;/&apos;.</source>
        <translation>“%1” não pode ser um ID de modelo: não pode ser vazio nem conter espaços ou &apos;/&apos;.</translation>
    </message>
    <message>
        <source>Choose at least one surface.</source>
        <translation>Escolha pelo menos uma API.</translation>
    </message>
    <message>
        <source>set by the user</source>
        <translation>definido pelo usuário</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ModelTableModel</name>
    <message>
        <source>custom</source>
        <translation>personalizado</translation>
    </message>
    <message>
        <source>live</source>
        <translation>ao vivo</translation>
    </message>
    <message>
        <source>catalogue</source>
        <translation>catálogo</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconhecido</translation>
    </message>
    <message>
        <source>%1 (private)</source>
        <translation>%1 (privado)</translation>
    </message>
    <message>
        <source>%1 shows in the playground&apos;s model picker</source>
        <translation>%1 aparece no seletor de modelos do playground</translation>
    </message>
    <message>
        <source>%1 does not show in the playground&apos;s model picker</source>
        <translation>%1 não aparece no seletor de modelos do playground</translation>
    </message>
    <message>
        <source>Show in the playground&apos;s model picker</source>
        <translation>Mostrar no seletor de modelos do playground</translation>
    </message>
    <message>
        <source>Picker</source>
        <translation>Seletor</translation>
    </message>
    <message>
        <source>Model id</source>
        <translation>ID do modelo</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origem</translation>
    </message>
    <message>
        <source>Surfaces</source>
        <translation>APIs</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>Prefixo</translation>
    </message>
    <message>
        <source>Input / million</source>
        <translation>Entrada / milhão</translation>
    </message>
    <message>
        <source>Output / million</source>
        <translation>Saída / milhão</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ModelsView</name>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Atualizar</translation>
    </message>
    <message>
        <source>&amp;Add model…</source>
        <translation>Adicionar &amp;modelo…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Editar…</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>Remo&amp;ver</translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation>Selecionar &amp;todos</translation>
    </message>
    <message>
        <source>Select &amp;none</source>
        <translation>&amp;Desmarcar todos</translation>
    </message>
    <message>
        <source>Select all &amp;for</source>
        <translation>Selecionar todos &amp;para</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelos</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Conta</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Região</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Refresh the live model list</source>
        <translation>Atualizar a lista de modelos ao vivo</translation>
    </message>
    <message>
        <source>A&amp;ccount:</source>
        <translation>&amp;Conta:</translation>
    </message>
    <message>
        <source>Re&amp;gion:</source>
        <translation>Re&amp;gião:</translation>
    </message>
    <message>
        <source>Add a custom model</source>
        <translation>Adicionar um modelo personalizado</translation>
    </message>
    <message>
        <source>Edit the selected model</source>
        <translation>Editar o modelo selecionado</translation>
    </message>
    <message>
        <source>Remove the selected custom model</source>
        <translation>Remover o modelo personalizado selecionado</translation>
    </message>
    <message>
        <source>Offer every model in the playground&apos;s model picker, also models that appear later.</source>
        <translation>Oferecer todos os modelos no seletor de modelos do playground, inclusive os que aparecerem depois.</translation>
    </message>
    <message>
        <source>Offer no model in the playground&apos;s model picker until you check some.</source>
        <translation>Não oferecer nenhum modelo no seletor de modelos do playground até que você marque alguns.</translation>
    </message>
    <message>
        <source>Add the listed models that serve an API to the playground&apos;s model picker.</source>
        <translation>Adicionar ao seletor de modelos do playground os modelos listados que oferecem uma API.</translation>
    </message>
    <message>
        <source>Model picker:</source>
        <translation>Seletor de modelos:</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>No account yet: the catalogue&apos;s models show. Add an account with File &gt; Accounts… to see a region&apos;s live list.</source>
        <translation>Ainda não há conta: são mostrados os modelos do catálogo. Adicione uma conta em Arquivo &gt; Contas… para ver a lista ao vivo de uma região.</translation>
    </message>
    <message>
        <source>The catalogue&apos;s models show: press Refresh for the models the region serves.</source>
        <translation>São mostrados os modelos do catálogo: clique em Atualizar para ver os modelos que a região oferece.</translation>
    </message>
    <message>
        <source>The catalogue&apos;s models show: press Refresh for the models %1 serves.</source>
        <translation>São mostrados os modelos do catálogo: clique em Atualizar para ver os modelos que %1 oferece.</translation>
    </message>
    <message>
        <source>Add an account first (File &gt; Accounts…).</source>
        <translation>Adicione uma conta primeiro (Arquivo &gt; Contas…).</translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation>Solicitando a lista de modelos a %1…</translation>
    </message>
    <message>
        <source>The account could not be used: %1</source>
        <translation>Não foi possível usar a conta: %1</translation>
    </message>
    <message>
        <source>The model list of %1 could not be fetched: %2</source>
        <translation>Não foi possível obter a lista de modelos de %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) live in %1.</source>
        <translation>
            <numerusform>%n modelo ao vivo em %1.</numerusform>
            <numerusform>%n modelos ao vivo em %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Model “%1” added.</source>
        <translation>Modelo “%1” adicionado.</translation>
    </message>
    <message>
        <source>Model “%1” changed.</source>
        <translation>Modelo “%1” alterado.</translation>
    </message>
    <message>
        <source>Model “%1” removed.</source>
        <translation>Modelo “%1” removido.</translation>
    </message>
    <message numerus="yes">
        <source>The model picker offers %1 of the %n model(s) listed.</source>
        <translation>
            <numerusform>O seletor de modelos oferece %1 do %n modelo listado.</numerusform>
            <numerusform>O seletor de modelos oferece %1 dos %n modelos listados.</numerusform>
        </translation>
    </message>
    <message>
        <source>The model picker offers every model.</source>
        <translation>O seletor de modelos oferece todos os modelos.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ParametersPanel</name>
    <message>
        <source>Parameters</source>
        <translation>Parâmetros</translation>
    </message>
    <message>
        <source>How random the answer is: lower is more focused and repeatable, higher more varied. From 0 to %1. Unset, the server&apos;s default applies.</source>
        <translation>O quão aleatória é a resposta: valores menores são mais focados e reproduzíveis; maiores, mais variados. De 0 a %1. Sem valor, vale o padrão do servidor.</translation>
    </message>
    <message>
        <source>&amp;Temperature:</source>
        <translation>&amp;Temperatura:</translation>
    </message>
    <message>
        <source>Set the temperature</source>
        <translation>Definir a temperatura</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatura</translation>
    </message>
    <message>
        <source>Nucleus sampling: the model only picks from the most likely tokens whose probabilities add up to this value, from 0 to 1. Change this or the temperature, not both.</source>
        <translation>Amostragem de núcleo: o modelo só escolhe entre os tokens mais prováveis cujas probabilidades somam este valor, de 0 a 1. Altere este valor ou a temperatura, não ambos.</translation>
    </message>
    <message>
        <source>Top &amp;p:</source>
        <translation>Top &amp;p:</translation>
    </message>
    <message>
        <source>Set top p</source>
        <translation>Definir top p</translation>
    </message>
    <message>
        <source>Top p</source>
        <translation>Top p</translation>
    </message>
    <message>
        <source>The longest answer the model may write, in tokens (on reasoning models the reasoning counts too). Sent as %1.</source>
        <translation>A resposta mais longa que o modelo pode escrever, em tokens (em modelos de raciocínio, o raciocínio também conta). Enviado como %1.</translation>
    </message>
    <message>
        <source>&amp;Max output tokens:</source>
        <translation>&amp;Máx. de tokens de saída:</translation>
    </message>
    <message>
        <source>Set the maximum output tokens</source>
        <translation>Definir o máximo de tokens de saída</translation>
    </message>
    <message>
        <source>Maximum output tokens</source>
        <translation>Máximo de tokens de saída</translation>
    </message>
    <message>
        <source>Stop sequences, one per line</source>
        <translation>Sequências de parada, uma por linha</translation>
    </message>
    <message>
        <source>Text at which the model stops writing (the text itself is not returned). One sequence per line; commas are part of the sequence. Write \n for a line break, \t for a tab and \\ for a backslash. Chat Completions accepts up to %1.</source>
        <translation>Texto no qual o modelo para de escrever (o próprio texto não é retornado). Uma sequência por linha; vírgulas fazem parte da sequência. Escreva \n para uma quebra de linha, \t para uma tabulação e \\ para uma barra invertida. Chat Completions aceita até %1.</translation>
    </message>
    <message>
        <source>None (one per line)</source>
        <translation>Nenhuma (uma por linha)</translation>
    </message>
    <message>
        <source>&amp;Stop sequences:</source>
        <translation>&amp;Sequências de parada:</translation>
    </message>
    <message>
        <source>Ask for repeatable sampling: the same seed and parameters should give the same answer (best effort, not guaranteed).</source>
        <translation>Solicitar amostragem reproduzível: a mesma semente e os mesmos parâmetros devem gerar a mesma resposta (melhor esforço, sem garantia).</translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation>S&amp;emente:</translation>
    </message>
    <message>
        <source>Set the seed</source>
        <translation>Definir a semente</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Semente</translation>
    </message>
    <message>
        <source>Reasoning effort</source>
        <translation>Esforço de raciocínio</translation>
    </message>
    <message>
        <source>How long a reasoning model thinks before it answers: more effort helps with hard questions and costs more tokens and time.</source>
        <translation>Quanto tempo um modelo de raciocínio pensa antes de responder: mais esforço ajuda em perguntas difíceis e custa mais tokens e tempo.</translation>
    </message>
    <message>
        <source>Server default</source>
        <translation>Padrão do servidor</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Baixo</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Médio</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Alto</translation>
    </message>
    <message>
        <source>&amp;Reasoning effort:</source>
        <translation>Esforço de &amp;raciocínio:</translation>
    </message>
    <message>
        <source>&amp;Adaptive thinking</source>
        <translation>Pensamento &amp;adaptativo</translation>
    </message>
    <message>
        <source>Adaptive thinking</source>
        <translation>Pensamento adaptativo</translation>
    </message>
    <message>
        <source>Let Claude think before it answers; how much follows the reasoning effort.</source>
        <translation>Deixa o Claude pensar antes de responder; quanto ele pensa segue o esforço de raciocínio.</translation>
    </message>
    <message>
        <source>Strea&amp;m the answer</source>
        <translation>Fazer stream&amp;ing da resposta</translation>
    </message>
    <message>
        <source>Stream the answer</source>
        <translation>Fazer streaming da resposta</translation>
    </message>
    <message>
        <source>Show the answer while it is written (server-sent events). Off, the answer appears when it is complete.</source>
        <translation>Mostra a resposta enquanto ela é escrita (server-sent events). Desativado, a resposta aparece quando estiver completa.</translation>
    </message>
    <message>
        <source>St&amp;ore the response</source>
        <translation>Arma&amp;zenar a resposta</translation>
    </message>
    <message>
        <source>Store the response</source>
        <translation>Armazenar a resposta</translation>
    </message>
    <message>
        <source>Keep the response on the server, so that a later request can continue from it (previous_response_id).</source>
        <translation>Mantém a resposta no servidor, para que uma solicitação posterior possa continuar a partir dela (previous_response_id).</translation>
    </message>
    <message>
        <source>Stored responses are kept for 30 days in the region the request went to.</source>
        <translation>Respostas armazenadas são mantidas por 30 dias na região para onde a solicitação foi enviada.</translation>
    </message>
    <message>
        <source>Run in the &amp;background</source>
        <translation>Executar em segundo p&amp;lano</translation>
    </message>
    <message>
        <source>Run in the background</source>
        <translation>Executar em segundo plano</translation>
    </message>
    <message>
        <source>The server answers later: the app polls the stored response until it is done (Stop cancels it). Needs the response stored.</source>
        <translation>O servidor responde depois: o app consulta a resposta armazenada até ela terminar (Interromper a cancela). Exige que a resposta seja armazenada.</translation>
    </message>
    <message>
        <source>Reset to &amp;defaults</source>
        <translation>Restaurar pa&amp;drões</translation>
    </message>
    <message>
        <source>Reset the parameters to their defaults</source>
        <translation>Restaurar os parâmetros para os valores padrão</translation>
    </message>
    <message>
        <source>Unset every value so that the server&apos;s defaults apply.</source>
        <translation>Remove todos os valores para que os padrões do servidor sejam aplicados.</translation>
    </message>
    <message>
        <source>Default: %1, always sent (Messages requires max_tokens)</source>
        <translation>Padrão: %1, sempre enviado (Messages exige max_tokens)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Stop sequences</source>
        <translation>Sequências de parada</translation>
    </message>
    <message>
        <source>Chat Completions accepts at most %1 stop sequences; there are %2.</source>
        <translation>Chat Completions aceita no máximo %1 sequências de parada; há %2.</translation>
    </message>
    <message>
        <source>enter a whole number, or untick it.</source>
        <translation>insira um número inteiro ou desmarque a opção.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::PlaygroundPage</name>
    <message>
        <source>New session</source>
        <translation>Nova sessão</translation>
    </message>
    <message>
        <source>Receiving the answer…</source>
        <translation>Recebendo a resposta…</translation>
    </message>
    <message>
        <source>&amp;Instructions (developer prompt)</source>
        <translation>Instr&amp;uções (prompt do desenvolvedor)</translation>
    </message>
    <message>
        <source>&amp;System prompt</source>
        <translation>Prompt de &amp;sistema</translation>
    </message>
    <message>
        <source>Instructions</source>
        <translation>Instruções</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>Prompt de sistema</translation>
    </message>
    <message>
        <source>Optional: how the model should behave.</source>
        <translation>Opcional: como o modelo deve se comportar.</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Type a prompt, then press Ctrl+Enter to send.</source>
        <translation>Digite um prompt e pressione Ctrl+Enter para enviar.</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>E&amp;nviar</translation>
    </message>
    <message>
        <source>Send the prompt (Ctrl+Enter)</source>
        <translation>Enviar o prompt (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Interromper</translation>
    </message>
    <message>
        <source>Stop the answer; what arrived is kept (Esc)</source>
        <translation>Interromper a resposta; o que já chegou é mantido (Esc)</translation>
    </message>
    <message>
        <source>Request settings</source>
        <translation>Configurações da solicitação</translation>
    </message>
    <message>
        <source>&amp;Parameters</source>
        <translation>Parâ&amp;metros</translation>
    </message>
    <message>
        <source>T&amp;ools</source>
        <translation>&amp;Ferramentas</translation>
    </message>
    <message>
        <source>Sc&amp;hema</source>
        <translation>Es&amp;quema</translation>
    </message>
    <message>
        <source>Chai&amp;n</source>
        <translation>Ca&amp;deia</translation>
    </message>
    <message>
        <source>Cos&amp;t</source>
        <translation>Cus&amp;to</translation>
    </message>
    <message>
        <source>Choose a model above.</source>
        <translation>Escolha um modelo acima.</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>Type a prompt first.</source>
        <translation>Digite um prompt primeiro.</translation>
    </message>
    <message>
        <source>Choose a model first (the Model list above).</source>
        <translation>Escolha um modelo primeiro (a lista Modelo acima).</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Conectando a %1…</translation>
    </message>
    <message>
        <source>The account “%1” could not be used: %2</source>
        <translation>Não foi possível usar a conta “%1”: %2</translation>
    </message>
    <message>
        <source>Waiting for %1…</source>
        <translation>Aguardando %1…</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Não enviado: %1</translation>
    </message>
    <message>
        <source>Stopped before sending.</source>
        <translation>Interrompido antes do envio.</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Interrompido</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Falhou</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Concluído</translation>
    </message>
    <message>
        <source>%1 s to first token</source>
        <translation>%1 s até o primeiro token</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 tokens/s</translation>
    </message>
    <message>
        <source>%1 s in all</source>
        <translation>%1 s no total</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Você</translation>
    </message>
    <message>
        <source>Tool result · %1</source>
        <translation>Resultado da ferramenta · %1</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistente</translation>
    </message>
    <message>
        <source>Assistant · %1</source>
        <translation>Assistente · %1</translation>
    </message>
    <message>
        <source>The answer was cut short: %1
What arrived is kept; re-run to try again.</source>
        <translation>A resposta foi interrompida: %1
O que chegou foi mantido; execute novamente para tentar de novo.</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>interrompida</translation>
    </message>
    <message>
        <source>%1 in · %2 out</source>
        <translation>%1 entrada · %2 saída</translation>
    </message>
    <message>
        <source>%1 reasoning</source>
        <translation>%1 de raciocínio</translation>
    </message>
    <message>
        <source>no price known</source>
        <translation>preço desconhecido</translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s)</source>
        <translation>
            <numerusform>%n tentativa</numerusform>
            <numerusform>%n tentativas</numerusform>
        </translation>
    </message>
    <message>
        <source>session cost unknown: no price for this model (set one in File &gt; Models…)</source>
        <translation>custo da sessão desconhecido: não há preço para este modelo (defina um em Arquivo &gt; Modelos…)</translation>
    </message>
    <message>
        <source>session cost $%1</source>
        <translation>custo da sessão: US$ %1</translation>
    </message>
    <message numerus="yes">
        <source>(%n answer(s) without a known price)</source>
        <translation>
            <numerusform>(%n resposta sem preço conhecido)</numerusform>
            <numerusform>(%n respostas sem preço conhecido)</numerusform>
        </translation>
    </message>
    <message>
        <source>There is no question before this answer to ask again.</source>
        <translation>Não há pergunta antes desta resposta para fazer novamente.</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Editar</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Texto</translation>
    </message>
    <message>
        <source>The session could not be saved: %1</source>
        <translation>Não foi possível salvar a sessão: %1</translation>
    </message>
    <message>
        <source>The answer could not be saved: %1</source>
        <translation>Não foi possível salvar a resposta: %1</translation>
    </message>
    <message>
        <source>≈ %1 input tokens</source>
        <translation>≈ %1 tokens de entrada</translation>
    </message>
    <message>
        <source>Input tokens of the request Send would send now (the conversation, the prompt, the system prompt and the tools), counted by Mantle&apos;s count_tokens.</source>
        <translation>Tokens de entrada da solicitação que o botão Enviar enviaria agora (a conversa, o prompt, o prompt de sistema e as ferramentas), contados pelo count_tokens do Mantle.</translation>
    </message>
    <message>
        <source>≈ $%1</source>
        <translation>≈ US$ %1</translation>
    </message>
    <message>
        <source>The cost is the input at %1 per million input tokens.</source>
        <translation>O custo é a entrada a %1 por milhão de tokens de entrada.</translation>
    </message>
    <message>
        <source>No price is known for this model, so no cost is shown (set one in File &gt; Models…).</source>
        <translation>Nenhum preço é conhecido para este modelo, então nenhum custo é mostrado (defina um em Arquivo &gt; Modelos…).</translation>
    </message>
    <message>
        <source>up to $%1 with the answer</source>
        <translation>até US$ %1 com a resposta</translation>
    </message>
    <message>
        <source>With the answer: the input plus at most %1 output tokens (Max tokens) at %2 per million output tokens; a shorter answer costs less.</source>
        <translation>Com a resposta: a entrada mais no máximo %1 tokens de saída (Máx. de tokens de saída) a %2 por milhão de tokens de saída; uma resposta mais curta custa menos.</translation>
    </message>
    <message>
        <source>≈ ? tokens</source>
        <translation>≈ ? tokens</translation>
    </message>
    <message>
        <source>The tokens could not be counted: %1</source>
        <translation>Não foi possível contar os tokens: %1</translation>
    </message>
</context>
<context>
    <name>mantle::ui::PlaygroundServices</name>
    <message>
        <source>Demo (local emulator)</source>
        <translation>Demonstração (emulador local)</translation>
    </message>
    <message>
        <source>The demo account could not start its emulator: %1</source>
        <translation>A conta de demonstração não conseguiu iniciar o emulador: %1</translation>
    </message>
    <message>
        <source>Another program may hold the local network; restart the app or add an AWS account with File &gt; Accounts….</source>
        <translation>Outro programa pode estar ocupando a rede local; reinicie o app ou adicione uma conta da AWS em Arquivo &gt; Contas….</translation>
    </message>
    <message>
        <source>The demo account is not running.</source>
        <translation>A conta de demonstração não está em execução.</translation>
    </message>
    <message>
        <source>Restart the app with --demo, or choose another account.</source>
        <translation>Reinicie o app com --demo ou escolha outra conta.</translation>
    </message>
    <message>
        <source>The demo account is not running, so its address is unknown.</source>
        <translation>A conta de demonstração não está em execução, então o endereço dela é desconhecido.</translation>
    </message>
    <message>
        <source>The account “%1” does not sign with SigV4, so no short-term API key can be made from it.</source>
        <translation>A conta “%1” não assina com SigV4, então não é possível gerar uma chave de API de curto prazo a partir dela.</translation>
    </message>
    <message>
        <source>Use an account with access keys or a role.</source>
        <translation>Use uma conta com chaves de acesso ou uma função.</translation>
    </message>
    <message>
        <source>The account has no SigV4 credentials.</source>
        <translation>A conta não tem credenciais SigV4.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Preferências</translation>
    </message>
    <message>
        <source>System language (%1)</source>
        <translation>Idioma do sistema (%1)</translation>
    </message>
    <message>
        <source>A new language is used from the next start of Mantle Playground.</source>
        <translation>Um novo idioma passa a valer na próxima inicialização do Mantle Playground.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Idioma:</translation>
    </message>
</context>
<context>
    <name>mantle::ui::RecordedEventTableModel</name>
    <message>
        <source>Time (ms)</source>
        <translation>Tempo (ms)</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Dados</translation>
    </message>
</context>
<context>
    <name>mantle::ui::RegionMatrixView</name>
    <message>
        <source>&amp;Use this region</source>
        <translation>&amp;Usar esta região</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Conta</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Any model (count only)</source>
        <translation>Qualquer modelo (só contagem)</translation>
    </message>
    <message>
        <source>%v of %m regions</source>
        <translation>%v de %m regiões</translation>
    </message>
    <message>
        <source>Use the selected region with this account and model</source>
        <translation>Usar a região selecionada com esta conta e este modelo</translation>
    </message>
    <message>
        <source>Regions</source>
        <translation>Regiões</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Região</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Serves model</source>
        <translation>Oferece o modelo</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelos</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>Latência (ms)</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erro</translation>
    </message>
    <message>
        <source>A&amp;ccount:</source>
        <translation>&amp;Conta:</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modelo:</translation>
    </message>
    <message>
        <source>This account sends every region to the same endpoint, %1: each row shows what that endpoint answers for the region (with SigV4, the region the request is signed for), not what the region&apos;s own Mantle endpoint serves.</source>
        <translation>Esta conta envia as solicitações de todas as regiões para o mesmo endpoint, %1: cada linha mostra o que esse endpoint responde para a região (com SigV4, a região para a qual a solicitação é assinada), não o que o endpoint do Mantle da própria região oferece.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Interrompido.</translation>
    </message>
    <message>
        <source>Choose an account first.</source>
        <translation>Escolha uma conta primeiro.</translation>
    </message>
    <message>
        <source>Resolving the account…</source>
        <translation>Resolvendo a conta…</translation>
    </message>
    <message>
        <source>No region answered.</source>
        <translation>Nenhuma região respondeu.</translation>
    </message>
    <message numerus="yes">
        <source>%n region(s) list %1.</source>
        <translation>
            <numerusform>%n região lista %1.</numerusform>
            <numerusform>%n regiões listam %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n region(s) answered.</source>
        <translation>
            <numerusform>%n região respondeu.</numerusform>
            <numerusform>%n regiões responderam.</numerusform>
        </translation>
    </message>
    <message>
        <source>Checking the regions…</source>
        <translation>Verificando as regiões…</translation>
    </message>
    <message>
        <source>The region lists %1.</source>
        <translation>A região lista %1.</translation>
    </message>
    <message>
        <source>The region does not list %1.</source>
        <translation>A região não lista %1.</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sim</translation>
    </message>
    <message>
        <source>no</source>
        <translation>não</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Interromper</translation>
    </message>
    <message>
        <source>Check &amp;regions</source>
        <translation>&amp;Verificar regiões</translation>
    </message>
    <message>
        <source>Stop the regions still pending</source>
        <translation>Interromper as regiões ainda pendentes</translation>
    </message>
    <message>
        <source>Ask all 13 regions for their model list at once</source>
        <translation>Pedir a lista de modelos a todas as 13 regiões de uma vez</translation>
    </message>
</context>
<context>
    <name>mantle::ui::SchemaEditor</name>
    <message>
        <source>Person</source>
        <translation>Pessoa</translation>
    </message>
    <message>
        <source>List of items</source>
        <translation>Lista de itens</translation>
    </message>
    <message>
        <source>Classification (enum)</source>
        <translation>Classificação (enum)</translation>
    </message>
    <message>
        <source>Nested address</source>
        <translation>Endereço aninhado</translation>
    </message>
    <message>
        <source>Structured output</source>
        <translation>Saída estruturada</translation>
    </message>
    <message>
        <source>Use structured output</source>
        <translation>Usar saída estruturada</translation>
    </message>
    <message>
        <source>Ask for JSON that follows the schema below</source>
        <translation>Solicitar um JSON que siga o esquema abaixo</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nome:</translation>
    </message>
    <message>
        <source>Schema name</source>
        <translation>Nome do esquema</translation>
    </message>
    <message>
        <source>Letters, digits, _ and -, at most 64 characters</source>
        <translation>Letras, dígitos, _ e -, no máximo 64 caracteres</translation>
    </message>
    <message>
        <source>&amp;Strict</source>
        <translation>&amp;Estrito</translation>
    </message>
    <message>
        <source>Strict schema adherence</source>
        <translation>Adesão estrita ao esquema</translation>
    </message>
    <message>
        <source>Strict structured output: the model is held to the schema, which must then follow the strict-mode rules listed below</source>
        <translation>Saída estruturada estrita: o modelo é obrigado a seguir o esquema, que então deve obedecer às regras do modo estrito listadas abaixo</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>Exemplos</translation>
    </message>
    <message>
        <source>Example schemas</source>
        <translation>Esquemas de exemplo</translation>
    </message>
    <message>
        <source>JSON schema</source>
        <translation>Esquema JSON</translation>
    </message>
    <message>
        <source>A JSON Schema, e.g. from the Examples menu</source>
        <translation>Um JSON Schema, por exemplo, do menu Exemplos</translation>
    </message>
    <message>
        <source>Schema status</source>
        <translation>Status do esquema</translation>
    </message>
    <message>
        <source>Fix &amp;all</source>
        <translation>Corrigir &amp;tudo</translation>
    </message>
    <message>
        <source>Fix all strict-mode findings</source>
        <translation>Corrigir todos os problemas do modo estrito</translation>
    </message>
    <message>
        <source>Make every change listed that has a fix</source>
        <translation>Aplicar todas as alterações listadas que têm correção</translation>
    </message>
    <message>
        <source>Last output</source>
        <translation>Última saída</translation>
    </message>
    <message>
        <source>Output check</source>
        <translation>Verificação da saída</translation>
    </message>
    <message>
        <source>Schema violations in the output</source>
        <translation>Violações do esquema na saída</translation>
    </message>
    <message>
        <source>Last output, pretty-printed</source>
        <translation>Última saída, formatada</translation>
    </message>
    <message>
        <source>Write a JSON Schema or pick one from Examples.</source>
        <translation>Escreva um JSON Schema ou escolha um em Exemplos.</translation>
    </message>
    <message>
        <source>Not valid JSON at line %1, column %2: %3</source>
        <translation>JSON inválido na linha %1, coluna %2: %3</translation>
    </message>
    <message>
        <source>A schema is a JSON object ({ ... }).</source>
        <translation>Um esquema é um objeto JSON ({ ... }).</translation>
    </message>
    <message>
        <source>Valid schema.</source>
        <translation>Esquema válido.</translation>
    </message>
    <message>
        <source>Valid schema; it follows the strict-mode rules.</source>
        <translation>Esquema válido; segue as regras do modo estrito.</translation>
    </message>
    <message>
        <source>Valid schema, but strict mode will refuse it:</source>
        <translation>Esquema válido, mas o modo estrito vai recusá-lo:</translation>
    </message>
    <message>
        <source>(root)</source>
        <translation>(raiz)</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: %2</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>Correção</translation>
    </message>
    <message>
        <source>Fix: %1</source>
        <translation>Correção: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n strict-mode finding(s):</source>
        <translation>
            <numerusform>%n problema do modo estrito:</numerusform>
            <numerusform>%n problemas do modo estrito:</numerusform>
        </translation>
    </message>
    <message>
        <source>The answer is not JSON (line %1, column %2: %3).</source>
        <translation>A resposta não é JSON (linha %1, coluna %2: %3).</translation>
    </message>
    <message>
        <source>The answer is JSON; there is no valid schema to check it against.</source>
        <translation>A resposta é JSON; não há esquema válido para verificá-la.</translation>
    </message>
    <message>
        <source>The answer matches the schema.</source>
        <translation>A resposta corresponde ao esquema.</translation>
    </message>
    <message numerus="yes">
        <source>The answer breaks the schema in %n place(s):</source>
        <translation>
            <numerusform>A resposta viola o esquema em %n ponto:</numerusform>
            <numerusform>A resposta viola o esquema em %n pontos:</numerusform>
        </translation>
    </message>
    <message>
        <source>The next answer is shown here and checked against the schema.</source>
        <translation>A próxima resposta é mostrada aqui e verificada com base no esquema.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::SelfCheck</name>
    <message>
        <source>Self-check failed: %1</source>
        <translation>Falha no autoteste: %1</translation>
    </message>
    <message>
        <source>Mantle Playground %1 self-check</source>
        <translation>Autoteste do Mantle Playground %1</translation>
    </message>
    <message>
        <source>Qt %1, platform “%2”</source>
        <translation>Qt %1, plataforma “%2”</translation>
    </message>
    <message>
        <source>Language: %1 (locale %2, translation %3)</source>
        <translation>Idioma: %1 (localidade %2, tradução %3)</translation>
    </message>
    <message>
        <source>none loaded</source>
        <translation>nenhuma carregada</translation>
    </message>
    <message>
        <source>Qt&apos;s own translation: %1</source>
        <translation>Tradução do próprio Qt: %1</translation>
    </message>
    <message>
        <source>none for this language</source>
        <translation>nenhuma para este idioma</translation>
    </message>
    <message>
        <source>cannot create a temporary directory (%1).</source>
        <translation>não é possível criar um diretório temporário (%1).</translation>
    </message>
    <message>
        <source>the built-in emulator did not start.</source>
        <translation>o emulador embutido não foi iniciado.</translation>
    </message>
    <message>
        <source>the main window could not be painted.</source>
        <translation>não foi possível desenhar a janela principal.</translation>
    </message>
    <message>
        <source>Main window: painted at %1×%2</source>
        <translation>Janela principal: desenhada em %1×%2</translation>
    </message>
    <message>
        <source>Say hello to the self-check.</source>
        <translation>Diga olá para o autoteste.</translation>
    </message>
    <message>
        <source>the demo request failed: %1</source>
        <translation>a solicitação de demonstração falhou: %1</translation>
    </message>
    <message numerus="yes">
        <source>Demo request (Chat Completions, %1): %n character(s) in %2 ms</source>
        <translation>
            <numerusform>Solicitação de demonstração (Chat Completions, %1): %n caractere em %2 ms</numerusform>
            <numerusform>Solicitação de demonstração (Chat Completions, %1): %n caracteres em %2 ms</numerusform>
        </translation>
    </message>
    <message>
        <source>Self-check passed.</source>
        <translation>Autoteste aprovado.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::SessionListModel</name>
    <message>
        <source>Yesterday</source>
        <translation>Ontem</translation>
    </message>
    <message>
        <source>%1
The file is left as it is: %2</source>
        <translation>%1
O arquivo foi mantido como está: %2</translation>
    </message>
    <message>
        <source>Cannot be opened: %1</source>
        <translation>Não pode ser aberta: %1</translation>
    </message>
    <message>
        <source>Untitled session</source>
        <translation>Sessão sem título</translation>
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
        <translation>Sessões</translation>
    </message>
    <message>
        <source>New session</source>
        <translation>Nova sessão</translation>
    </message>
    <message>
        <source>Start a new session</source>
        <translation>Iniciar uma nova sessão</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importar…</translation>
    </message>
    <message>
        <source>Import a session file</source>
        <translation>Importar um arquivo de sessão</translation>
    </message>
    <message>
        <source>Import a session</source>
        <translation>Importar uma sessão</translation>
    </message>
    <message>
        <source>Search sessions</source>
        <translation>Buscar sessões</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Renomear</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Duplicar</translation>
    </message>
    <message>
        <source>Export as JSON…</source>
        <translation>Exportar como JSON…</translation>
    </message>
    <message>
        <source>Export as Markdown…</source>
        <translation>Exportar como Markdown…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Excluir</translation>
    </message>
    <message>
        <source>No sessions yet.</source>
        <translation>Ainda não há sessões.</translation>
    </message>
    <message>
        <source>No session matches “%1”.</source>
        <translation>Nenhuma sessão corresponde a “%1”.</translation>
    </message>
    <message>
        <source>Session not deleted</source>
        <translation>Sessão não excluída</translation>
    </message>
    <message>
        <source>“%1” could not be read, so it is not deleted here: the file is left untouched.</source>
        <translation>Não foi possível ler “%1”, por isso ela não foi excluída aqui: o arquivo não foi alterado.</translation>
    </message>
    <message>
        <source>The file is %1
%2</source>
        <translation>O arquivo é %1
%2</translation>
    </message>
    <message>
        <source>Delete session</source>
        <translation>Excluir sessão</translation>
    </message>
    <message>
        <source>Delete “%1”?</source>
        <translation>Excluir “%1”?</translation>
    </message>
    <message>
        <source>Its file is removed from disk. This cannot be undone.</source>
        <translation>O arquivo dela será removido do disco. Esta ação não pode ser desfeita.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ShortTermKeyDialog</name>
    <message>
        <source>Short-term API key for %1</source>
        <translation>Chave de API de curto prazo para %1</translation>
    </message>
    <message>
        <source>A short-term Bedrock API key is made on this computer from the account&apos;s SigV4 credentials (a role account asks STS for them first). It works in the account&apos;s region only, for at most 12 hours or as long as the credentials last, and is kept in memory only: it is never saved.</source>
        <translation>Uma chave de API de curto prazo do Bedrock é gerada neste computador a partir das credenciais SigV4 da conta (uma conta de função as pede primeiro ao STS). Ela funciona apenas na região da conta, por no máximo 12 horas ou enquanto as credenciais durarem, e fica apenas na memória: nunca é salva.</translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation>15 minutos</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 hora</translation>
    </message>
    <message>
        <source>4 hours</source>
        <translation>4 horas</translation>
    </message>
    <message>
        <source>12 hours</source>
        <translation>12 horas</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Gerar</translation>
    </message>
    <message>
        <source>&amp;Lifetime:</source>
        <translation>&amp;Validade:</translation>
    </message>
    <message>
        <source>Short-term API key</source>
        <translation>Chave de API de curto prazo</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Mostrar</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copiar</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>C&amp;have:</translation>
    </message>
    <message>
        <source>Region:</source>
        <translation>Região:</translation>
    </message>
    <message>
        <source>Expiry:</source>
        <translation>Expiração:</translation>
    </message>
    <message>
        <source>&amp;Use for This Session</source>
        <translation>&amp;Usar nesta sessão</translation>
    </message>
    <message>
        <source>Until the key expires, this account&apos;s requests in its region go with the key instead of a SigV4 signature.</source>
        <translation>Até a chave expirar, as solicitações desta conta na região dela usam a chave em vez de uma assinatura SigV4.</translation>
    </message>
    <message>
        <source>S&amp;top Using</source>
        <translation>&amp;Parar de usar</translation>
    </message>
    <message>
        <source>Not generated yet</source>
        <translation>Ainda não gerada</translation>
    </message>
    <message>
        <source>%1, shortened to the end of the account&apos;s temporary credentials</source>
        <translation>%1, antecipada para o fim das credenciais temporárias da conta</translation>
    </message>
    <message>
        <source>This account&apos;s requests go with a short-term key; %1.</source>
        <translation>As solicitações desta conta usam uma chave de curto prazo; %1.</translation>
    </message>
    <message>
        <source>This account&apos;s requests are signed with SigV4.</source>
        <translation>As solicitações desta conta são assinadas com SigV4.</translation>
    </message>
    <message>
        <source>in %1 h %2 min</source>
        <translation>daqui a %1 h %2 min</translation>
    </message>
    <message>
        <source>in %1 min</source>
        <translation>daqui a %1 min</translation>
    </message>
    <message>
        <source>expires at %1 (%2)</source>
        <translation>expira em %1 (%2)</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Atalhos de teclado</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atalhos de teclado</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Ação</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Atalho</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>mantle::ui::ToolCallsPanel</name>
    <message>
        <source>The arguments are not valid JSON: %1 (at byte %2).</source>
        <translation>Os argumentos não são um JSON válido: %1 (no byte %2).</translation>
    </message>
    <message>
        <source>The arguments are JSON but not a JSON object.</source>
        <translation>Os argumentos são JSON, mas não um objeto JSON.</translation>
    </message>
    <message>
        <source>The arguments are valid JSON, but no tool of this name is defined.</source>
        <translation>Os argumentos são um JSON válido, mas nenhuma ferramenta com esse nome está definida.</translation>
    </message>
    <message>
        <source>The arguments are valid JSON (the tool has no parameter schema).</source>
        <translation>Os argumentos são um JSON válido (a ferramenta não tem esquema de parâmetros).</translation>
    </message>
    <message>
        <source>The arguments are valid JSON; the tool&apos;s schema cannot be checked: %1</source>
        <translation>Os argumentos são um JSON válido; não foi possível verificar o esquema da ferramenta: %1</translation>
    </message>
    <message>
        <source>The arguments are valid JSON and match the tool&apos;s schema.</source>
        <translation>Os argumentos são um JSON válido e correspondem ao esquema da ferramenta.</translation>
    </message>
    <message>
        <source>The arguments are valid JSON but do not match the tool&apos;s schema:
%1</source>
        <translation>Os argumentos são um JSON válido, mas não correspondem ao esquema da ferramenta:
%1</translation>
    </message>
    <message>
        <source>Tool calls summary</source>
        <translation>Resumo das chamadas de ferramenta</translation>
    </message>
    <message>
        <source>Tool calls</source>
        <translation>Chamadas de ferramenta</translation>
    </message>
    <message>
        <source>&amp;Fill Canned Results</source>
        <translation>&amp;Preencher resultados prontos</translation>
    </message>
    <message>
        <source>Fill canned results</source>
        <translation>Preencher resultados prontos</translation>
    </message>
    <message>
        <source>Fill every empty result with its tool&apos;s canned result.</source>
        <translation>Preencher cada resultado vazio com o resultado pronto da ferramenta.</translation>
    </message>
    <message>
        <source>&amp;Send Results</source>
        <translation>&amp;Enviar resultados</translation>
    </message>
    <message>
        <source>Send results</source>
        <translation>Enviar resultados</translation>
    </message>
    <message>
        <source>Call of %1</source>
        <translation>Chamada de %1</translation>
    </message>
    <message>
        <source>Tool name</source>
        <translation>Nome da ferramenta</translation>
    </message>
    <message>
        <source>call id: %1</source>
        <translation>ID da chamada: %1</translation>
    </message>
    <message>
        <source>Call id</source>
        <translation>ID da chamada</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>Argumentos</translation>
    </message>
    <message>
        <source>Arguments check</source>
        <translation>Verificação dos argumentos</translation>
    </message>
    <message>
        <source>Result of %1</source>
        <translation>Resultado de %1</translation>
    </message>
    <message>
        <source>The tool&apos;s result (text or JSON)</source>
        <translation>O resultado da ferramenta (texto ou JSON)</translation>
    </message>
    <message>
        <source>The tool failed (send the result as an error)</source>
        <translation>A ferramenta falhou (enviar o resultado como erro)</translation>
    </message>
    <message>
        <source>Tool failed</source>
        <translation>A ferramenta falhou</translation>
    </message>
    <message>
        <source>Messages sends is_error; Chat and Responses have no error flag, so say in the result that it failed.</source>
        <translation>Messages envia is_error; Chat e Responses não têm indicador de erro, então informe no resultado que houve falha.</translation>
    </message>
    <message>
        <source>Result:</source>
        <translation>Resultado:</translation>
    </message>
    <message>
        <source>No tool calls to answer.</source>
        <translation>Nenhuma chamada de ferramenta para responder.</translation>
    </message>
    <message numerus="yes">
        <source>The model called %n tool(s); %1 answered.</source>
        <translation>
            <numerusform>O modelo chamou %n ferramenta; %1 com resposta.</numerusform>
            <numerusform>O modelo chamou %n ferramentas; %1 com resposta.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mantle::ui::ToolExamples</name>
    <message>
        <source>Get the current weather in a city.</source>
        <translation>Obtém o clima atual em uma cidade.</translation>
    </message>
    <message>
        <source>Search the documentation and return the best matches.</source>
        <translation>Pesquisa a documentação e retorna os melhores resultados.</translation>
    </message>
    <message>
        <source>Get the current date and time in a time zone.</source>
        <translation>Obtém a data e a hora atuais em um fuso horário.</translation>
    </message>
    <message>
        <source>Evaluate an arithmetic expression exactly.</source>
        <translation>Calcula uma expressão aritmética com exatidão.</translation>
    </message>
    <message>
        <source>Create a calendar event with attendees.</source>
        <translation>Cria um evento de agenda com participantes.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ToolsEditor</name>
    <message>
        <source>Tools</source>
        <translation>Ferramentas</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Adicionar</translation>
    </message>
    <message>
        <source>Add a tool</source>
        <translation>Adicionar uma ferramenta</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>D&amp;uplicar</translation>
    </message>
    <message>
        <source>Duplicate the tool</source>
        <translation>Duplicar a ferramenta</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Remover</translation>
    </message>
    <message>
        <source>Remove the tool</source>
        <translation>Remover a ferramenta</translation>
    </message>
    <message>
        <source>Examp&amp;les</source>
        <translation>Exemp&amp;los</translation>
    </message>
    <message>
        <source>Add an example tool</source>
        <translation>Adicionar uma ferramenta de exemplo</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importar…</translation>
    </message>
    <message>
        <source>Import tools from a JSON file</source>
        <translation>Importar ferramentas de um arquivo JSON</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportar…</translation>
    </message>
    <message>
        <source>Export the tools to a JSON file</source>
        <translation>Exportar as ferramentas para um arquivo JSON</translation>
    </message>
    <message>
        <source>Function name</source>
        <translation>Nome da função</translation>
    </message>
    <message>
        <source>get_weather</source>
        <translation>get_weather</translation>
    </message>
    <message>
        <source>Function name problem</source>
        <translation>Problema no nome da função</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nome:</translation>
    </message>
    <message>
        <source>Function description</source>
        <translation>Descrição da função</translation>
    </message>
    <message>
        <source>What the function does and when to call it.</source>
        <translation>O que a função faz e quando chamá-la.</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Descrição:</translation>
    </message>
    <message>
        <source>Parameters JSON schema</source>
        <translation>Esquema JSON dos parâmetros</translation>
    </message>
    <message>
        <source>{&quot;type&quot;: &quot;object&quot;, &quot;properties&quot;: {}} — empty for no arguments</source>
        <translation>{&quot;type&quot;: &quot;object&quot;, &quot;properties&quot;: {}} — vazio para nenhum argumento</translation>
    </message>
    <message>
        <source>Parameters check</source>
        <translation>Verificação dos parâmetros</translation>
    </message>
    <message>
        <source>&amp;Format</source>
        <translation>&amp;Formatar</translation>
    </message>
    <message>
        <source>Format the parameters JSON</source>
        <translation>Formatar o JSON dos parâmetros</translation>
    </message>
    <message>
        <source>&amp;Parameters:</source>
        <translation>&amp;Parâmetros:</translation>
    </message>
    <message>
        <source>&amp;Strict</source>
        <translation>&amp;Estrito</translation>
    </message>
    <message>
        <source>Strict arguments</source>
        <translation>Argumentos estritos</translation>
    </message>
    <message>
        <source>Checked: the arguments must follow the schema exactly. Unchecked: strict off. Partly checked: not sent, the surface&apos;s default applies (Responses: strict).</source>
        <translation>Marcado: os argumentos devem seguir o esquema exatamente. Desmarcado: modo estrito desativado. Parcialmente marcado: não enviado, vale o padrão da API (Responses: estrito).</translation>
    </message>
    <message>
        <source>Canned result</source>
        <translation>Resultado pronto</translation>
    </message>
    <message>
        <source>The result to fill in when the model calls this tool.</source>
        <translation>O resultado a preencher quando o modelo chamar esta ferramenta.</translation>
    </message>
    <message>
        <source>&amp;Canned result:</source>
        <translation>Resultado pr&amp;onto:</translation>
    </message>
    <message>
        <source>Tool choice</source>
        <translation>Escolha de ferramenta</translation>
    </message>
    <message>
        <source>&amp;Tool choice:</source>
        <translation>Escolha de ferramen&amp;ta:</translation>
    </message>
    <message>
        <source>Give the function a name.</source>
        <translation>Dê um nome à função.</translation>
    </message>
    <message>
        <source>A function name has 1 to 64 letters (a–z, A–Z), digits, “_” or “-”.</source>
        <translation>Um nome de função tem de 1 a 64 letras (a–z, A–Z), dígitos, “_” ou “-”.</translation>
    </message>
    <message>
        <source>Another tool above has this name.</source>
        <translation>Outra ferramenta acima tem este nome.</translation>
    </message>
    <message>
        <source>Not valid JSON: %1 at line %2, column %3.</source>
        <translation>JSON inválido: %1 na linha %2, coluna %3.</translation>
    </message>
    <message>
        <source>The parameters must be a JSON object (an object schema).</source>
        <translation>Os parâmetros devem ser um objeto JSON (um esquema de objeto).</translation>
    </message>
    <message>
        <source>The parameters must be an object schema: add &quot;type&quot;: &quot;object&quot;.</source>
        <translation>Os parâmetros devem ser um esquema de objeto: adicione &quot;type&quot;: &quot;object&quot;.</translation>
    </message>
    <message>
        <source>Not a usable JSON schema: %1</source>
        <translation>Não é um esquema JSON utilizável: %1</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2.</source>
        <translation>Não foi possível ler “%1”: %2.</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2.</source>
        <translation>Não foi possível gravar “%1”: %2.</translation>
    </message>
    <message>
        <source>Import Tools</source>
        <translation>Importar ferramentas</translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>Arquivos JSON (*.json);;Todos os arquivos (*)</translation>
    </message>
    <message>
        <source>Export Tools</source>
        <translation>Exportar ferramentas</translation>
    </message>
    <message>
        <source>Write the tools in the shape of:</source>
        <translation>Gravar as ferramentas no formato de:</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(sem nome)</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>válido</translation>
    </message>
    <message>
        <source>problem: %1</source>
        <translation>problema: %1</translation>
    </message>
    <message>
        <source>No arguments.</source>
        <translation>Nenhum argumento.</translation>
    </message>
    <message>
        <source>Valid object schema.</source>
        <translation>Esquema de objeto válido.</translation>
    </message>
    <message>
        <source>Default (not sent)</source>
        <translation>Padrão (não enviado)</translation>
    </message>
    <message>
        <source>Auto: the model decides</source>
        <translation>Auto: o modelo decide</translation>
    </message>
    <message>
        <source>None: no tool calls</source>
        <translation>Nenhuma: sem chamadas de ferramenta</translation>
    </message>
    <message>
        <source>Required: at least one call</source>
        <translation>Obrigatória: pelo menos uma chamada</translation>
    </message>
    <message>
        <source>Call %1</source>
        <translation>Chamar %1</translation>
    </message>
</context>
</TS>
