<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>ConversationItemLayout</name>
    <message>
        <source>Tool call · %1</source>
        <translation>Llamada a herramienta · %1</translation>
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
        <translation>Razonamiento</translation>
    </message>
    <message>
        <source>Reasoning (hidden)</source>
        <translation>Razonamiento (oculto)</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Detenido</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Streaming…</source>
        <translation>Transmitiendo…</translation>
    </message>
</context>
<context>
    <name>mantle::JsonFieldReader</name>
    <message>
        <source>a JSON object</source>
        <translation>un objeto JSON</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is invalid: expected %2.</source>
        <translation>El campo &quot;%1&quot; no es válido: se esperaba %2.</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>una cadena</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true o false</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>un número entero</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>un número</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>una lista</translation>
    </message>
    <message>
        <source>a date and time such as %1</source>
        <translation>una fecha y hora como %1</translation>
    </message>
    <message>
        <source>base64 text</source>
        <translation>texto en base64</translation>
    </message>
</context>
<context>
    <name>mantle::Regions</name>
    <message>
        <source>US East (N. Virginia)</source>
        <translation>EE. UU. Este (Norte de Virginia)</translation>
    </message>
    <message>
        <source>US East (Ohio)</source>
        <translation>EE. UU. Este (Ohio)</translation>
    </message>
    <message>
        <source>US West (Oregon)</source>
        <translation>EE. UU. Oeste (Oregón)</translation>
    </message>
    <message>
        <source>Asia Pacific (Mumbai)</source>
        <translation>Asia Pacífico (Mumbai)</translation>
    </message>
    <message>
        <source>Asia Pacific (Jakarta)</source>
        <translation>Asia Pacífico (Yakarta)</translation>
    </message>
    <message>
        <source>Asia Pacific (Sydney)</source>
        <translation>Asia Pacífico (Sídney)</translation>
    </message>
    <message>
        <source>Asia Pacific (Tokyo)</source>
        <translation>Asia Pacífico (Tokio)</translation>
    </message>
    <message>
        <source>Europe (Frankfurt)</source>
        <translation>Europa (Fráncfort)</translation>
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
        <translation>Europa (Milán)</translation>
    </message>
    <message>
        <source>Europe (Stockholm)</source>
        <translation>Europa (Estocolmo)</translation>
    </message>
    <message>
        <source>South America (São Paulo)</source>
        <translation>América del Sur (São Paulo)</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::Account</name>
    <message>
        <source>The account name must be 1 to %1 characters, without &apos;/&apos;, &apos;\&apos;, control characters or blanks at either end.</source>
        <translation>El nombre de la cuenta debe tener de 1 a %1 caracteres, sin &apos;/&apos;, &apos;\&apos;, caracteres de control ni espacios al principio o al final.</translation>
    </message>
    <message>
        <source>Account “%1”: “%2” is not a Mantle region; use one of %3.</source>
        <translation>Cuenta “%1”: “%2” no es una región de Mantle; use una de estas: %3.</translation>
    </message>
    <message>
        <source>Account “%1”: the endpoint is not usable: %2</source>
        <translation>Cuenta “%1”: el punto de enlace no se puede usar: %2</translation>
    </message>
    <message>
        <source>The access key id</source>
        <translation>El ID de clave de acceso</translation>
    </message>
    <message>
        <source>Account “%1”: %2</source>
        <translation>Cuenta “%1”: %2</translation>
    </message>
    <message>
        <source>Account “%1”: an assumed role needs the name of the account whose keys assume it.</source>
        <translation>Cuenta “%1”: un rol asumido necesita el nombre de la cuenta cuyas claves lo asumen.</translation>
    </message>
    <message>
        <source>Account “%1”: a role cannot be its own source account.</source>
        <translation>Cuenta “%1”: un rol no puede ser su propia cuenta de origen.</translation>
    </message>
    <message>
        <source>Account “%1”: an assumed role needs the AWS profile whose credentials assume it.</source>
        <translation>Cuenta “%1”: un rol asumido necesita el perfil de AWS cuyas credenciales lo asumen.</translation>
    </message>
    <message>
        <source>Account “%1”: unknown auth method “%2” (access-key, role or api-key).</source>
        <translation>Cuenta “%1”: método de autenticación desconocido “%2” (access-key, role o api-key).</translation>
    </message>
    <message>
        <source>Account “%1”: unknown role source “%2” (account or aws-profile).</source>
        <translation>Cuenta “%1”: origen de rol desconocido “%2” (account o aws-profile).</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountImporter</name>
    <message>
        <source>AWS profile “%1” uses %2, which accounts do not support.</source>
        <translation>El perfil de AWS “%1” usa %2, que las cuentas no admiten.</translation>
    </message>
    <message>
        <source>Add the account with access keys or an API key instead.</source>
        <translation>Agregue la cuenta con claves de acceso o con una clave de API.</translation>
    </message>
    <message>
        <source>%1 names no region: the account uses %2.</source>
        <translation>%1 no indica ninguna región: la cuenta usa %2.</translation>
    </message>
    <message>
        <source>%1 names the region %2, which does not serve Mantle: the account uses %3.</source>
        <translation>%1 indica la región %2, que no ofrece Mantle: la cuenta usa %3.</translation>
    </message>
    <message>
        <source>IAM Identity Center (sso_*)</source>
        <translation>IAM Identity Center (sso_*)</translation>
    </message>
    <message>
        <source>AWS profile “%1”</source>
        <translation>Perfil de AWS “%1”</translation>
    </message>
    <message>
        <source>Imported from AWS profile “%1”.</source>
        <translation>Importada del perfil de AWS “%1”.</translation>
    </message>
    <message>
        <source>role_arn without source_profile</source>
        <translation>role_arn sin source_profile</translation>
    </message>
    <message>
        <source>AWS profile “%1” has only one of aws_access_key_id and aws_secret_access_key.</source>
        <translation>El perfil de AWS “%1” solo tiene uno de aws_access_key_id y aws_secret_access_key.</translation>
    </message>
    <message>
        <source>AWS profile “%1” has neither keys nor a role to import.</source>
        <translation>El perfil de AWS “%1” no tiene claves ni un rol que importar.</translation>
    </message>
    <message>
        <source>The environment</source>
        <translation>El entorno</translation>
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
        <translation>Las claves del entorno caducan el %1.</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountManager</name>
    <message>
        <source>%1 The account “%2” was not saved.</source>
        <translation>%1 No se guardó la cuenta “%2”.</translation>
    </message>
    <message>
        <source>There is already an account “%1”.</source>
        <translation>Ya existe una cuenta “%1”.</translation>
    </message>
    <message>
        <source>Account “%1” needs its secret access key.</source>
        <translation>La cuenta “%1” necesita su clave de acceso secreta.</translation>
    </message>
    <message>
        <source>Account “%1” needs its API key.</source>
        <translation>La cuenta “%1” necesita su clave de API.</translation>
    </message>
    <message>
        <source>The source account “%1” of “%2” must be an existing access-key account.</source>
        <translation>La cuenta de origen “%1” de “%2” debe ser una cuenta existente con claves de acceso.</translation>
    </message>
    <message>
        <source>The keychain holds no %1 for account “%2”.</source>
        <translation>El llavero no contiene %1 para la cuenta “%2”.</translation>
    </message>
    <message>
        <source>Remove the account and add it again.</source>
        <translation>Elimine la cuenta y vuelva a agregarla.</translation>
    </message>
    <message>
        <source>There is no account “%1”.</source>
        <translation>No existe ninguna cuenta “%1”.</translation>
    </message>
    <message>
        <source>Account “%1” is the source of %2: remove those first.</source>
        <translation>La cuenta “%1” es el origen de %2: elimine esas primero.</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountResolver</name>
    <message>
        <source>The source account “%1” of “%2” is missing or has no access keys.</source>
        <translation>La cuenta de origen “%1” de “%2” no existe o no tiene claves de acceso.</translation>
    </message>
    <message>
        <source>AWS profile “%1” needs an MFA code, which accounts cannot ask for.</source>
        <translation>El perfil de AWS “%1” necesita un código MFA, y las cuentas no pueden solicitarlo.</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountStore</name>
    <message>
        <source>There is no account “%1”.</source>
        <translation>No existe ninguna cuenta “%1”.</translation>
    </message>
    <message>
        <source>`mantle accounts list` shows the accounts.</source>
        <translation>`mantle accounts list` muestra las cuentas.</translation>
    </message>
    <message>
        <source>The settings of account “%1” are broken: %2</source>
        <translation>La configuración de la cuenta “%1” está dañada: %2</translation>
    </message>
    <message>
        <source>There is already an account “%1”.</source>
        <translation>Ya existe una cuenta “%1”.</translation>
    </message>
    <message>
        <source>The settings file “%1” could not be written.</source>
        <translation>No se pudo escribir el archivo de configuración “%1”.</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2</source>
        <translation>No se puede escribir “%1”: %2</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2</source>
        <translation>No se puede leer “%1”: %2</translation>
    </message>
    <message>
        <source>“%1” is too large to be an account file.</source>
        <translation>“%1” es demasiado grande para ser un archivo de cuenta.</translation>
    </message>
    <message>
        <source>“%1” is not an account file exported by Mantle Playground.</source>
        <translation>“%1” no es un archivo de cuenta exportado por Mantle Playground.</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::ConnectionTest</name>
    <message>
        <source>the source credentials&apos; principal</source>
        <translation>la entidad principal de las credenciales de origen</translation>
    </message>
    <message>
        <source>The trust policy of %1 must allow sts:AssumeRole for %2, and that principal needs sts:AssumeRole on the role.</source>
        <translation>La política de confianza de %1 debe permitir sts:AssumeRole a %2, y esa entidad principal necesita sts:AssumeRole sobre el rol.</translation>
    </message>
    <message>
        <source>Check that the account&apos;s external ID is the one the trust policy&apos;s sts:ExternalId condition expects.</source>
        <translation>Compruebe que el ID externo de la cuenta es el que espera la condición sts:ExternalId de la política de confianza.</translation>
    </message>
    <message>
        <source>If the trust policy has an sts:ExternalId condition, set the external ID it expects on the account.</source>
        <translation>Si la política de confianza tiene una condición sts:ExternalId, configure en la cuenta el ID externo que espera.</translation>
    </message>
    <message>
        <source>a Bedrock API key (Bearer)</source>
        <translation>una clave de API de Bedrock (Bearer)</translation>
    </message>
    <message>
        <source>The account has no AWS credentials.</source>
        <translation>La cuenta no tiene credenciales de AWS.</translation>
    </message>
    <message>
        <source>Store the account&apos;s access key (or pick a source for the role).</source>
        <translation>Guarde la clave de acceso de la cuenta (o elija un origen para el rol).</translation>
    </message>
    <message>
        <source>access key %1 (%2)</source>
        <translation>clave de acceso %1 (%2)</translation>
    </message>
    <message>
        <source>temporary</source>
        <translation>temporal</translation>
    </message>
    <message>
        <source>long-term</source>
        <translation>a largo plazo</translation>
    </message>
    <message>
        <source>assumed %1 (access key %2)</source>
        <translation>%1 asumido (clave de acceso %2)</translation>
    </message>
    <message>
        <source>The region “%1” does not serve Bedrock Mantle.</source>
        <translation>La región “%1” no ofrece Bedrock Mantle.</translation>
    </message>
    <message>
        <source>Use one of the Mantle regions: %1.</source>
        <translation>Use una de las regiones de Mantle: %1.</translation>
    </message>
    <message>
        <source>%1, through %2</source>
        <translation>%1, a través de %2</translation>
    </message>
    <message>
        <source>Allow bedrock-mantle:CallWithBearerToken on &quot;*&quot; for the IAM user that owns the API key (`mantle accounts policy` prints the policy).</source>
        <translation>Permita bedrock-mantle:CallWithBearerToken en &quot;*&quot; al usuario de IAM propietario de la clave de API (`mantle accounts policy` muestra la política).</translation>
    </message>
    <message>
        <source>Allow %1 on arn:aws:bedrock-mantle:%2:%3:project/* for this account&apos;s IAM principal (`mantle accounts policy` prints the policy), or attach the managed policy AmazonBedrockMantleInferenceAccess.</source>
        <translation>Permita %1 en arn:aws:bedrock-mantle:%2:%3:project/* a la entidad principal de IAM de esta cuenta (`mantle accounts policy` muestra la política), o asocie la política administrada AmazonBedrockMantleInferenceAccess.</translation>
    </message>
    <message>
        <source>The model list answer has no “data” array.</source>
        <translation>La respuesta con la lista de modelos no tiene ninguna matriz “data”.</translation>
    </message>
    <message>
        <source>1 model listed</source>
        <translation>1 modelo en la lista</translation>
    </message>
    <message>
        <source>%1 models listed</source>
        <translation>%1 modelos en la lista</translation>
    </message>
    <message>
        <source>%1 answered a 1-token Chat Completions request through %2</source>
        <translation>%1 respondió a una solicitud de Chat Completions de 1 token a través de %2</translation>
    </message>
    <message>
        <source>%1 is served under %2, not the prefix tried first; the route was learned for this account and region.</source>
        <translation>%1 se ofrece bajo %2, no bajo el prefijo probado primero; la ruta se ha memorizado para esta cuenta y región.</translation>
    </message>
    <message>
        <source>%1 is a third-party model: a first call also needs aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions (with the condition aws:CalledViaLast = bedrock-mantle.amazonaws.com).</source>
        <translation>%1 es un modelo de terceros: la primera llamada también necesita aws-marketplace:Subscribe y aws-marketplace:ViewSubscriptions (con la condición aws:CalledViaLast = bedrock-mantle.amazonaws.com).</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::IamPolicyHelper</name>
    <message>
        <source>Instead of the policy above, attach the AWS managed policy AmazonBedrockMantleInferenceAccess (inference, including the Marketplace subscription for third-party models); AmazonBedrockMantleFullAccess grants everything and AmazonBedrockMantleReadOnly only reading.</source>
        <translation>En lugar de la política anterior, asocie la política administrada de AWS AmazonBedrockMantleInferenceAccess (inferencia, incluida la suscripción en Marketplace para modelos de terceros); AmazonBedrockMantleFullAccess concede todo y AmazonBedrockMantleReadOnly solo lectura.</translation>
    </message>
    <message>
        <source>Attach it to the IAM user that owns the API key.</source>
        <translation>Asóciela al usuario de IAM propietario de la clave de API.</translation>
    </message>
    <message>
        <source>Attach it to the role; the trust policy is needed either way.</source>
        <translation>Asóciela al rol; la política de confianza es necesaria en cualquier caso.</translation>
    </message>
    <message>
        <source>the IAM user that owns the API key</source>
        <translation>el usuario de IAM propietario de la clave de API</translation>
    </message>
    <message>
        <source>the IAM user or role of the access key</source>
        <translation>el usuario o rol de IAM de la clave de acceso</translation>
    </message>
    <message>
        <source>Identity policy for %1:</source>
        <translation>Política de identidad para %1:</translation>
    </message>
    <message>
        <source>Trust policy of the role:</source>
        <translation>Política de confianza del rol:</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::ModelSettingsStore</name>
    <message>
        <source>The saved model settings of “%1” could not be read: %2</source>
        <translation>No se pudo leer la configuración de modelos guardada de “%1”: %2</translation>
    </message>
    <message>
        <source>they are not a JSON object.</source>
        <translation>no es un objeto JSON.</translation>
    </message>
    <message>
        <source>“%1” is not an account name.</source>
        <translation>“%1” no es un nombre de cuenta.</translation>
    </message>
    <message>
        <source>The settings file “%1” could not be written.</source>
        <translation>No se pudo escribir el archivo de configuración “%1”.</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::SecretStore</name>
    <message>
        <source>No keychain is available (%1).</source>
        <translation>No hay ningún llavero disponible (%1).</translation>
    </message>
    <message>
        <source>Start a keychain service (GNOME Keyring or KWallet on Linux). Mantle Playground never keeps secrets in plain files.</source>
        <translation>Inicie un servicio de llavero (GNOME Keyring o KWallet en Linux). Mantle Playground nunca guarda secretos en archivos de texto sin cifrar.</translation>
    </message>
    <message>
        <source>The keychain refused access to “%1” (%2).</source>
        <translation>El llavero denegó el acceso a “%1” (%2).</translation>
    </message>
    <message>
        <source>The keychain failed on “%1” (%2).</source>
        <translation>Error del llavero con “%1” (%2).</translation>
    </message>
    <message>
        <source>The keychain entry “%1” is damaged: %2.</source>
        <translation>La entrada del llavero “%1” está dañada: %2.</translation>
    </message>
    <message>
        <source>Enter the secret again; saving it stores it anew.</source>
        <translation>Vuelva a introducir el secreto; al guardarlo, se almacena de nuevo.</translation>
    </message>
    <message>
        <source>its %1 parts do not belong to one secret</source>
        <translation>sus %1 partes no pertenecen a un mismo secreto</translation>
    </message>
    <message>
        <source>part %1 of %2 (“%3”) is missing</source>
        <translation>falta la parte %1 de %2 (“%3”)</translation>
    </message>
    <message>
        <source>The secret for “%1” is too long for the keychain: it has %2 bytes, and the keychain holds at most %3 (%4 entries of %5 bytes).</source>
        <translation>El secreto de “%1” es demasiado largo para el llavero: tiene %2 bytes y el llavero admite como máximo %3 (%4 entradas de %5 bytes).</translation>
    </message>
    <message>
        <source>Check that only the secret was pasted. Nothing was saved.</source>
        <translation>Compruebe que solo pegó el secreto. No se guardó nada.</translation>
    </message>
    <message>
        <source>its header is not understood</source>
        <translation>no se reconoce su encabezado</translation>
    </message>
</context>
<context>
    <name>mantle::api::ErrorClassifier</name>
    <message>
        <source>account %1</source>
        <translation>cuenta %1</translation>
    </message>
    <message>
        <source>region %1</source>
        <translation>región %1</translation>
    </message>
    <message>
        <source>model %1</source>
        <translation>modelo %1</translation>
    </message>
    <message>
        <source>route %1</source>
        <translation>ruta %1</translation>
    </message>
    <message>
        <source>no account or region named</source>
        <translation>ninguna cuenta ni región indicada</translation>
    </message>
    <message>
        <source>, </source>
        <comment>separates the parts of an error&apos;s place</comment>
        <translation>, </translation>
    </message>
    <message>
        <source>no HTTP status</source>
        <translation>sin estado HTTP</translation>
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
        <translation>Un proxy o portal cautivo respondió en lugar de Mantle, con una página web (HTTP %1; %2).</translation>
    </message>
    <message>
        <source>Check the network: sign in to the captive portal, or set the proxy (HTTPS_PROXY, NO_PROXY) so that requests reach Mantle.</source>
        <translation>Compruebe la red: inicie sesión en el portal cautivo o configure el proxy (HTTPS_PROXY, NO_PROXY) para que las solicitudes lleguen a Mantle.</translation>
    </message>
    <message>
        <source>The model is not served under this route (%1; %2)</source>
        <translation>El modelo no se ofrece bajo esta ruta (%1; %2)</translation>
    </message>
    <message>
        <source>Call the model under /openai/v1 or /v1, whichever it is served under.</source>
        <translation>Llame al modelo bajo /openai/v1 o /v1, según donde se ofrezca.</translation>
    </message>
    <message>
        <source>Use the route %1 for this model instead (the app retries there once and remembers it).</source>
        <translation>Use la ruta %1 para este modelo (la aplicación reintenta allí una vez y la recuerda).</translation>
    </message>
    <message>
        <source>The model does not support the %1 API (%2; %3).</source>
        <translation>El modelo no admite la API %1 (%2; %3).</translation>
    </message>
    <message>
        <source>Use %1 for this model instead.</source>
        <translation>Use %1 para este modelo.</translation>
    </message>
    <message>
        <source>Mantle refused the request&apos;s signature because this computer&apos;s clock is off by about %1 seconds (%2; %3).</source>
        <translation>Mantle rechazó la firma de la solicitud porque el reloj de este equipo tiene un desfase de unos %1 segundos (%2; %3).</translation>
    </message>
    <message>
        <source>Mantle refused the request&apos;s signature because its time is outside the allowed window, so this computer&apos;s clock is probably wrong (%1; %2).</source>
        <translation>Mantle rechazó la firma de la solicitud porque su hora está fuera del intervalo permitido, así que probablemente el reloj de este equipo no es correcto (%1; %2).</translation>
    </message>
    <message>
        <source>Set this computer&apos;s clock to the correct time (turn on automatic time synchronisation), then try again.</source>
        <translation>Ajuste el reloj de este equipo a la hora correcta (active la sincronización automática de la hora) y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>The credentials have expired (%1; %2).</source>
        <translation>Las credenciales han caducado (%1; %2).</translation>
    </message>
    <message>
        <source>Create a new Bedrock API key and update the account.</source>
        <translation>Cree una nueva clave de API de Bedrock y actualice la cuenta.</translation>
    </message>
    <message>
        <source>Refresh the credentials (for example with `aws sso login`, or a new session token for the account), then try again.</source>
        <translation>Actualice las credenciales (por ejemplo, con `aws sso login` o con un nuevo token de sesión para la cuenta) y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>Mantle did not accept the API key (%1; %2).</source>
        <translation>Mantle no aceptó la clave de API (%1; %2).</translation>
    </message>
    <message>
        <source>The API key is wrong, expired or revoked: create a new Bedrock API key (long-term keys start with ABSK) and update the account.</source>
        <translation>La clave de API es incorrecta, ha caducado o se ha revocado: cree una nueva clave de API de Bedrock (las claves a largo plazo empiezan por ABSK) y actualice la cuenta.</translation>
    </message>
    <message>
        <source>The request was signed for another service (%1; %2)</source>
        <translation>La solicitud se firmó para otro servicio (%1; %2)</translation>
    </message>
    <message>
        <source>Sign requests with the service name bedrock-mantle.</source>
        <translation>Firme las solicitudes con el nombre de servicio bedrock-mantle.</translation>
    </message>
    <message>
        <source>The request was signed for another region (%1; %2)</source>
        <translation>La solicitud se firmó para otra región (%1; %2)</translation>
    </message>
    <message>
        <source>Sign requests with the region of the endpoint (%1).</source>
        <translation>Firme las solicitudes con la región del punto de enlace (%1).</translation>
    </message>
    <message>
        <source>Mantle did not accept the AWS credentials (%1; %2)</source>
        <translation>Mantle no aceptó las credenciales de AWS (%1; %2)</translation>
    </message>
    <message>
        <source>Check the account&apos;s access key id and secret access key (and the session token, if it has one).</source>
        <translation>Compruebe el ID de clave de acceso y la clave de acceso secreta de la cuenta (y el token de sesión, si lo tiene).</translation>
    </message>
    <message>
        <source>Access was denied (%1; %2)</source>
        <translation>Se denegó el acceso (%1; %2)</translation>
    </message>
    <message>
        <source>The model is sold through AWS Marketplace: allow aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions (with the condition aws:CalledViaLast = bedrock-mantle.amazonaws.com), or attach the managed policy AmazonBedrockMantleInferenceAccess.</source>
        <translation>El modelo se vende a través de AWS Marketplace: permita aws-marketplace:Subscribe y aws-marketplace:ViewSubscriptions (con la condición aws:CalledViaLast = bedrock-mantle.amazonaws.com) o asocie la política administrada AmazonBedrockMantleInferenceAccess.</translation>
    </message>
    <message>
        <source>Allow the action %1 for this account&apos;s IAM principal.</source>
        <translation>Permita la acción %1 a la entidad principal de IAM de esta cuenta.</translation>
    </message>
    <message>
        <source>Allow bedrock-mantle:CallWithBearerToken on &quot;*&quot; for the IAM principal that owns the API key.</source>
        <translation>Permita bedrock-mantle:CallWithBearerToken en &quot;*&quot; a la entidad principal de IAM propietaria de la clave de API.</translation>
    </message>
    <message>
        <source>Allow bedrock-mantle:CreateInference on arn:aws:bedrock-mantle:%1:&lt;account-id&gt;:project/* for this account&apos;s IAM principal, or attach the managed policy AmazonBedrockMantleInferenceAccess.</source>
        <translation>Permita bedrock-mantle:CreateInference en arn:aws:bedrock-mantle:%1:&lt;account-id&gt;:project/* a la entidad principal de IAM de esta cuenta, o asocie la política administrada AmazonBedrockMantleInferenceAccess.</translation>
    </message>
    <message>
        <source>The model does not exist here (%1; %2)</source>
        <translation>El modelo no existe aquí (%1; %2)</translation>
    </message>
    <message>
        <source>Model ids are bare: try %1. `mantle models` lists the region&apos;s models.</source>
        <translation>Los ID de modelo no llevan prefijo ni sufijo: pruebe %1. `mantle models` muestra los modelos de la región.</translation>
    </message>
    <message>
        <source>Check the model id: ids are bare, without a -v1:0 suffix or a us./global. prefix. `mantle models` lists the region&apos;s models.</source>
        <translation>Compruebe el ID del modelo: los ID no llevan sufijo -v1:0 ni prefijo us./global. `mantle models` muestra los modelos de la región.</translation>
    </message>
    <message>
        <source>Mantle found nothing there (%1; %2)</source>
        <translation>Mantle no encontró nada ahí (%1; %2)</translation>
    </message>
    <message>
        <source>Check the id in the request (for example a response id) and the endpoint, if one is set.</source>
        <translation>Compruebe el ID de la solicitud (por ejemplo, un ID de respuesta) y el punto de enlace, si hay uno configurado.</translation>
    </message>
    <message>
        <source>The prompt is too long for the model: %1 tokens, and it takes at most %2 (%3; %4).</source>
        <translation>El prompt es demasiado largo para el modelo: %1 tokens, y admite como máximo %2 (%3; %4).</translation>
    </message>
    <message>
        <source>The prompt is too long for the model (%1; %2)</source>
        <translation>El prompt es demasiado largo para el modelo (%1; %2)</translation>
    </message>
    <message>
        <source>Shorten the prompt or the conversation (drop earlier turns or attachments), or choose a model with a longer context.</source>
        <translation>Acorte el prompt o la conversación (quite turnos anteriores o archivos adjuntos) o elija un modelo con un contexto más largo.</translation>
    </message>
    <message>
        <source>Mantle is limiting requests (%1; %2)</source>
        <translation>Mantle está limitando las solicitudes (%1; %2)</translation>
    </message>
    <message>
        <source>Try again in %1 s (as Mantle asked). Each endpoint has its own quotas; if this keeps happening, ask for more in Service Quotas.</source>
        <translation>Vuelva a intentarlo dentro de %1 s (como pidió Mantle). Cada punto de enlace tiene sus propias cuotas; si esto sigue ocurriendo, solicite más en Service Quotas.</translation>
    </message>
    <message>
        <source>Wait a moment and try again. Each endpoint has its own quotas; if this keeps happening, ask for more in Service Quotas.</source>
        <translation>Espere un momento y vuelva a intentarlo. Cada punto de enlace tiene sus propias cuotas; si esto sigue ocurriendo, solicite más en Service Quotas.</translation>
    </message>
    <message>
        <source>The model is overloaded (%1; %2)</source>
        <translation>El modelo está sobrecargado (%1; %2)</translation>
    </message>
    <message>
        <source>Mantle had a server error (%1; %2)</source>
        <translation>Mantle tuvo un error del servidor (%1; %2)</translation>
    </message>
    <message>
        <source>This is on the server&apos;s side: try again in a moment.</source>
        <translation>El problema está en el servidor: vuelva a intentarlo en un momento.</translation>
    </message>
    <message>
        <source>This is on the server&apos;s side: try again in a moment. If it keeps happening, give AWS Support the request id %1.</source>
        <translation>El problema está en el servidor: vuelva a intentarlo en un momento. Si sigue ocurriendo, facilite a AWS Support el ID de solicitud %1.</translation>
    </message>
    <message>
        <source>Mantle did not accept the credentials (%1; %2)</source>
        <translation>Mantle no aceptó las credenciales (%1; %2)</translation>
    </message>
    <message>
        <source>Check the account&apos;s access key id and secret access key, and that requests are signed for bedrock-mantle in %1.</source>
        <translation>Compruebe el ID de clave de acceso y la clave de acceso secreta de la cuenta, y que las solicitudes se firman para bedrock-mantle en %1.</translation>
    </message>
    <message>
        <source>Mantle rejected the request (%1; %2)</source>
        <translation>Mantle rechazó la solicitud (%1; %2)</translation>
    </message>
    <message>
        <source>Check the request&apos;s parameters against the %1 API.</source>
        <translation>Compruebe los parámetros de la solicitud según la API %1.</translation>
    </message>
    <message>
        <source>Correct what the server&apos;s message names, then send the request again.</source>
        <translation>Corrija lo que indica el mensaje del servidor y vuelva a enviar la solicitud.</translation>
    </message>
    <message>
        <source>Mantle answered with an error and an empty body (%1; %2).</source>
        <translation>Mantle respondió con un error y un cuerpo vacío (%1; %2).</translation>
    </message>
    <message>
        <source>Mantle answered with an error (%1; %2)</source>
        <translation>Mantle respondió con un error (%1; %2)</translation>
    </message>
    <message>
        <source>If it keeps happening, give AWS Support the request id %1.</source>
        <translation>Si sigue ocurriendo, facilite a AWS Support el ID de solicitud %1.</translation>
    </message>
</context>
<context>
    <name>mantle::api::JsonValueReader</name>
    <message>
        <source>The answer is not valid JSON (%1 at byte %2).</source>
        <translation>La respuesta no es JSON válido (%1 en el byte %2).</translation>
    </message>
    <message>
        <source>The answer is JSON but not an object, as an answer body is.</source>
        <translation>La respuesta es JSON, pero no un objeto, como debe ser el cuerpo de una respuesta.</translation>
    </message>
</context>
<context>
    <name>mantle::api::RequestSpec</name>
    <message>
        <source>The request field &quot;%1&quot; is invalid: expected %2.</source>
        <translation>El campo de la solicitud &quot;%1&quot; no es válido: se esperaba %2.</translation>
    </message>
    <message>
        <source>Correct or remove the field and try again.</source>
        <translation>Corrija o quite el campo y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>una cadena</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true o false</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>un número</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>un número entero</translation>
    </message>
    <message>
        <source>a JSON object</source>
        <translation>un objeto JSON</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>una lista</translation>
    </message>
    <message>
        <source>one of %1</source>
        <translation>uno de %1</translation>
    </message>
    <message>
        <source>&quot;user&quot;, &quot;assistant&quot; or &quot;tool&quot;</source>
        <translation>&quot;user&quot;, &quot;assistant&quot; o &quot;tool&quot;</translation>
    </message>
    <message>
        <source>The request field &quot;%1&quot; is invalid: %2</source>
        <translation>El campo de la solicitud &quot;%1&quot; no es válido: %2</translation>
    </message>
    <message>
        <source>the %1 API has no such setting.</source>
        <translation>la API %1 no tiene ese ajuste.</translation>
    </message>
    <message>
        <source>Remove the setting or choose an API that supports it.</source>
        <translation>Quite el ajuste o elija una API que lo admita.</translation>
    </message>
    <message>
        <source>a user message needs text.</source>
        <translation>un mensaje de usuario necesita texto.</translation>
    </message>
    <message>
        <source>an assistant message needs text or tool calls.</source>
        <translation>un mensaje del asistente necesita texto o llamadas a herramientas.</translation>
    </message>
    <message>
        <source>a tool call needs an id.</source>
        <translation>una llamada a herramienta necesita un ID.</translation>
    </message>
    <message>
        <source>a tool call needs a name.</source>
        <translation>una llamada a herramienta necesita un nombre.</translation>
    </message>
    <message>
        <source>a tool result must name the tool call it answers.</source>
        <translation>un resultado de herramienta debe indicar la llamada a herramienta a la que responde.</translation>
    </message>
    <message>
        <source>only assistant messages carry tool calls.</source>
        <translation>solo los mensajes del asistente contienen llamadas a herramientas.</translation>
    </message>
    <message>
        <source>only tool messages answer a tool call.</source>
        <translation>solo los mensajes de herramienta responden a una llamada a herramienta.</translation>
    </message>
    <message>
        <source>%1 requests are not built from a conversation.</source>
        <translation>las solicitudes %1 no se construyen a partir de una conversación.</translation>
    </message>
    <message>
        <source>no model is chosen.</source>
        <translation>no se ha elegido ningún modelo.</translation>
    </message>
    <message>
        <source>Choose a model, e.g. from the model list.</source>
        <translation>Elija un modelo, por ejemplo, de la lista de modelos.</translation>
    </message>
    <message>
        <source>the conversation is empty.</source>
        <translation>la conversación está vacía.</translation>
    </message>
    <message>
        <source>Write a message to send.</source>
        <translation>Escriba un mensaje para enviar.</translation>
    </message>
    <message>
        <source>it must lie between 0 and %1.</source>
        <translation>debe estar entre 0 y %1.</translation>
    </message>
    <message>
        <source>it must lie between 0 and 1.</source>
        <translation>debe estar entre 0 y 1.</translation>
    </message>
    <message>
        <source>it must be at least 1.</source>
        <translation>debe ser al menos 1.</translation>
    </message>
    <message>
        <source>a stop sequence cannot be empty.</source>
        <translation>una secuencia de parada no puede estar vacía.</translation>
    </message>
    <message>
        <source>a tool needs a name of 1 to 64 letters, digits, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>una herramienta necesita un nombre de 1 a 64 letras, dígitos, &apos;_&apos; o &apos;-&apos;.</translation>
    </message>
    <message>
        <source>the tool name &quot;%1&quot; is used twice.</source>
        <translation>el nombre de herramienta &quot;%1&quot; se usa dos veces.</translation>
    </message>
    <message>
        <source>the parameters schema must have &quot;type&quot;: &quot;object&quot;.</source>
        <translation>el esquema de parámetros debe tener &quot;type&quot;: &quot;object&quot;.</translation>
    </message>
    <message>
        <source>no tools are defined.</source>
        <translation>no hay herramientas definidas.</translation>
    </message>
    <message>
        <source>Define a tool or remove the tool choice.</source>
        <translation>Defina una herramienta o quite la elección de herramienta.</translation>
    </message>
    <message>
        <source>no tool named &quot;%1&quot; is defined.</source>
        <translation>no hay ninguna herramienta definida con el nombre &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>a name is only given with the &quot;function&quot; mode.</source>
        <translation>solo se indica un nombre con el modo &quot;function&quot;.</translation>
    </message>
    <message>
        <source>Claude cannot be forced to call a tool while thinking.</source>
        <translation>No se puede obligar a Claude a llamar a una herramienta mientras piensa.</translation>
    </message>
    <message>
        <source>Use &quot;auto&quot; or turn thinking off.</source>
        <translation>Use &quot;auto&quot; o desactive el pensamiento.</translation>
    </message>
    <message>
        <source>a schema needs a name of 1 to 64 letters, digits, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>un esquema necesita un nombre de 1 a 64 letras, dígitos, &apos;_&apos; o &apos;-&apos;.</translation>
    </message>
    <message>
        <source>the schema must have &quot;type&quot;: &quot;object&quot;.</source>
        <translation>el esquema debe tener &quot;type&quot;: &quot;object&quot;.</translation>
    </message>
    <message>
        <source>a tool is already named &quot;%1&quot;.</source>
        <translation>ya hay una herramienta con el nombre &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>with a schema, Messages must be forced to the schema&apos;s tool.</source>
        <translation>con un esquema, Messages debe forzarse a la herramienta del esquema.</translation>
    </message>
    <message>
        <source>Remove the tool choice or the schema.</source>
        <translation>Quite la elección de herramienta o el esquema.</translation>
    </message>
    <message>
        <source>Claude cannot follow a schema while thinking.</source>
        <translation>Claude no puede seguir un esquema mientras piensa.</translation>
    </message>
    <message>
        <source>Turn thinking off or remove the schema.</source>
        <translation>Desactive el pensamiento o quite el esquema.</translation>
    </message>
    <message>
        <source>a background response must be stored.</source>
        <translation>una respuesta en segundo plano debe almacenarse.</translation>
    </message>
    <message>
        <source>Allow storing the response or turn background off.</source>
        <translation>Permita almacenar la respuesta o desactive el segundo plano.</translation>
    </message>
</context>
<context>
    <name>mantle::api::StreamAccumulator</name>
    <message>
        <source>The stream ended before its final event: the answer may be cut short. Try the request again.</source>
        <translation>La transmisión terminó antes de su evento final: la respuesta puede estar incompleta. Vuelva a intentar la solicitud.</translation>
    </message>
    <message>
        <source>A “%1” event of the stream is not valid JSON (%2) and was skipped; the answer may be incomplete.</source>
        <translation>Un evento “%1” de la transmisión no es JSON válido (%2) y se omitió; la respuesta puede estar incompleta.</translation>
    </message>
</context>
<context>
    <name>mantle::api::ToolDefinitionJson</name>
    <message>
        <source>%1: item %2 is not a JSON object.</source>
        <translation>%1: el elemento %2 no es un objeto JSON.</translation>
    </message>
    <message>
        <source>%1: the description of item %2 is not a JSON string.</source>
        <translation>%1: la descripción del elemento %2 no es una cadena JSON.</translation>
    </message>
    <message>
        <source>%1: the %2 of item %3 is not a JSON object.</source>
        <translation>%1: el %2 del elemento %3 no es un objeto JSON.</translation>
    </message>
    <message>
        <source>%1: the name of item %2 is not a JSON string.</source>
        <translation>%1: el nombre del elemento %2 no es una cadena JSON.</translation>
    </message>
    <message>
        <source>%1: item %2 has no name.</source>
        <translation>%1: el elemento %2 no tiene nombre.</translation>
    </message>
    <message>
        <source>%1: not JSON (%2 at line %3, column %4).</source>
        <translation>%1: no es JSON (%2 en la línea %3, columna %4).</translation>
    </message>
    <message>
        <source>%1: expected a JSON array of tools, or an object with a &quot;tools&quot; array.</source>
        <translation>%1: se esperaba una matriz JSON de herramientas o un objeto con una matriz &quot;tools&quot;.</translation>
    </message>
</context>
<context>
    <name>mantle::api::TurnReader</name>
    <message>
        <source>The %1 API does not answer with a model turn.</source>
        <translation>La API %1 no responde con un turno del modelo.</translation>
    </message>
</context>
<context>
    <name>mantle::api::chat::ChatRequestBuilder</name>
    <message>
        <source>A %1 request cannot be built as a Chat Completions request.</source>
        <translation>Una solicitud %1 no se puede construir como solicitud de Chat Completions.</translation>
    </message>
</context>
<context>
    <name>mantle::api::messages::MessagesRequestBuilder</name>
    <message>
        <source>The request field &quot;%1&quot; is invalid: the arguments of a Claude tool call must be a JSON object.</source>
        <translation>El campo de la solicitud &quot;%1&quot; no es válido: los argumentos de una llamada a herramienta de Claude deben ser un objeto JSON.</translation>
    </message>
    <message>
        <source>A %1 request cannot be built as a Messages request.</source>
        <translation>Una solicitud %1 no se puede construir como solicitud de Messages.</translation>
    </message>
</context>
<context>
    <name>mantle::api::messages::MessagesResponseParser</name>
    <message>
        <source>The answer is not a readable Messages body (%1).</source>
        <translation>La respuesta no es un cuerpo de Messages legible (%1).</translation>
    </message>
</context>
<context>
    <name>mantle::api::responses::ResponsesRequestBuilder</name>
    <message>
        <source>A %1 request cannot be built as a Responses request.</source>
        <translation>Una solicitud %1 no se puede construir como solicitud de Responses.</translation>
    </message>
    <message>
        <source>“%1” is not a response id.</source>
        <translation>“%1” no es un ID de respuesta.</translation>
    </message>
    <message>
        <source>Response ids look like resp_ followed by letters and digits, as the answer of a Responses request gives them.</source>
        <translation>Los ID de respuesta tienen el formato resp_ seguido de letras y dígitos, tal como los devuelve la respuesta de una solicitud de Responses.</translation>
    </message>
</context>
<context>
    <name>mantle::api::responses::ResponsesResponseParser</name>
    <message>
        <source>The response failed and the server gave no reason.</source>
        <translation>La respuesta falló y el servidor no indicó ningún motivo.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AssumeRoleCredentialProvider</name>
    <message>
        <source>The credentials for the role %1 cannot be renewed: its STS client or source credentials are gone.</source>
        <translation>Las credenciales del rol %1 no se pueden renovar: su cliente de STS o sus credenciales de origen ya no existen.</translation>
    </message>
    <message>
        <source>The credentials for the role %1 cannot be renewed: its STS client is gone.</source>
        <translation>Las credenciales del rol %1 no se pueden renovar: su cliente de STS ya no existe.</translation>
    </message>
    <message>
        <source>STS gave credentials for the role %1 that had expired already, at %2.</source>
        <translation>STS devolvió credenciales para el rol %1 que ya habían caducado, el %2.</translation>
    </message>
    <message>
        <source>Check that this computer&apos;s clock is set to the correct time.</source>
        <translation>Compruebe que el reloj de este equipo tiene la hora correcta.</translation>
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
        <translation>Indique el ARN del rol que se va a asumir, tal como lo muestra la consola de IAM en la página del rol; por ejemplo, %1.</translation>
    </message>
    <message>
        <source>The role ARN is empty.</source>
        <translation>El ARN del rol está vacío.</translation>
    </message>
    <message>
        <source>“%1” is the ARN of a role session, not of a role.</source>
        <translation>“%1” es el ARN de una sesión de rol, no de un rol.</translation>
    </message>
    <message>
        <source>“%1” is not the ARN of an IAM role.</source>
        <translation>“%1” no es el ARN de un rol de IAM.</translation>
    </message>
    <message>
        <source>Use 2 to 64 characters: letters, digits and + = , . @ _ -.</source>
        <translation>Use de 2 a 64 caracteres: letras, dígitos y + = , . @ _ -.</translation>
    </message>
    <message numerus="yes">
        <source>The role session name has %n character(s).</source>
        <translation>
            <numerusform>El nombre de la sesión de rol tiene %n carácter.</numerusform>
            <numerusform>El nombre de la sesión de rol tiene %n caracteres.</numerusform>
        </translation>
    </message>
    <message>
        <source>The role session name contains %1, which STS does not allow.</source>
        <translation>El nombre de la sesión de rol contiene %1, que STS no permite.</translation>
    </message>
    <message>
        <source>Use the external ID exactly as the role&apos;s owner gave it: 2 to 1224 characters of letters, digits and + = , . @ : / _ -.</source>
        <translation>Use el ID externo exactamente como lo facilitó el propietario del rol: de 2 a 1224 caracteres entre letras, dígitos y + = , . @ : / _ -.</translation>
    </message>
    <message numerus="yes">
        <source>The external ID has %n character(s).</source>
        <translation>
            <numerusform>El ID externo tiene %n carácter.</numerusform>
            <numerusform>El ID externo tiene %n caracteres.</numerusform>
        </translation>
    </message>
    <message>
        <source>The external ID contains %1 at position %2, which STS does not allow.</source>
        <translation>El ID externo contiene %1 en la posición %2, que STS no permite.</translation>
    </message>
    <message>
        <source>The session duration of %1 seconds is outside the range STS accepts, %2 to %3 seconds (15 minutes to 12 hours).</source>
        <translation>La duración de sesión de %1 segundos está fuera del intervalo que acepta STS, de %2 a %3 segundos (de 15 minutos a 12 horas).</translation>
    </message>
    <message>
        <source>Choose a duration in that range. The role&apos;s own maximum may be lower: one hour unless its owner raised it, and always one hour when a role assumes a role.</source>
        <translation>Elija una duración dentro de ese intervalo. El máximo del propio rol puede ser menor: una hora, salvo que su propietario lo haya aumentado, y siempre una hora cuando un rol asume otro rol.</translation>
    </message>
    <message>
        <source>Give a region code such as us-east-1.</source>
        <translation>Indique un código de región como us-east-1.</translation>
    </message>
    <message>
        <source>No region is set for STS.</source>
        <translation>No hay ninguna región configurada para STS.</translation>
    </message>
    <message>
        <source>“%1” is not an AWS region code.</source>
        <translation>“%1” no es un código de región de AWS.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AwsConfigFile</name>
    <message>
        <source>More lines from this one on (%1 in all) also have problems and were ignored; fix the ones reported above first.</source>
        <translation>Más líneas a partir de esta (%1 en total) también tienen problemas y se han ignorado; corrija primero las indicadas arriba.</translation>
    </message>
    <message>
        <source>This line is not valid UTF-8 text and is ignored. Save the file as UTF-8.</source>
        <translation>Esta línea no es texto UTF-8 válido y se ignora. Guarde el archivo como UTF-8.</translation>
    </message>
    <message>
        <source>This section header has no closing “]”; it and the settings under it are ignored.</source>
        <translation>Este encabezado de sección no tiene “]” de cierre; se ignoran el encabezado y los ajustes que contiene.</translation>
    </message>
    <message>
        <source>This section header has text after its closing “]”; it and the settings under it are ignored.</source>
        <translation>Este encabezado de sección tiene texto después del “]” de cierre; se ignoran el encabezado y los ajustes que contiene.</translation>
    </message>
    <message>
        <source>This section header is empty; it and the settings under it are ignored. Write [default] or [profile NAME].</source>
        <translation>Este encabezado de sección está vacío; se ignoran el encabezado y los ajustes que contiene. Escriba [default] o [profile NAME].</translation>
    </message>
    <message>
        <source>This [profile] header has no profile name; it and the settings under it are ignored. Write [profile NAME].</source>
        <translation>Este encabezado [profile] no tiene nombre de perfil; se ignoran el encabezado y los ajustes que contiene. Escriba [profile NAME].</translation>
    </message>
    <message>
        <source>This profile name contains a space, which profile names cannot hold; the section and the settings under it are ignored.</source>
        <translation>Este nombre de perfil contiene un espacio, que los nombres de perfil no pueden contener; se ignoran la sección y los ajustes que contiene.</translation>
    </message>
    <message>
        <source>The setting “%1” comes before any section header, so it belongs to no profile and is ignored. Put it under [default] or [profile NAME].</source>
        <translation>El ajuste “%1” aparece antes de cualquier encabezado de sección, así que no pertenece a ningún perfil y se ignora. Colóquelo bajo [default] o [profile NAME].</translation>
    </message>
    <message>
        <source>This setting comes before any section header, so it belongs to no profile and is ignored. Put it under [default] or [profile NAME].</source>
        <translation>Este ajuste aparece antes de cualquier encabezado de sección, así que no pertenece a ningún perfil y se ignora. Colóquelo bajo [default] o [profile NAME].</translation>
    </message>
    <message>
        <source>This line is not a “key = value” setting, a [section] header or a comment, and is ignored.</source>
        <translation>Esta línea no es un ajuste “clave = valor”, un encabezado [section] ni un comentario, y se ignora.</translation>
    </message>
    <message>
        <source>This line has “=” but no key before it, and is ignored.</source>
        <translation>Esta línea tiene “=” pero ninguna clave delante, y se ignora.</translation>
    </message>
    <message>
        <source>This line is indented more than the setting “%1” on line %2, so it would continue that value over several lines, which is not supported; it is ignored. Remove the indentation.</source>
        <translation>Esta línea tiene más sangría que el ajuste “%1” de la línea %2, por lo que continuaría ese valor en varias líneas, lo cual no se admite; se ignora. Quite la sangría.</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(sin nombre)</translation>
    </message>
    <message>
        <source>This line among the nested settings of “%1” is not a “key = value” setting and is ignored.</source>
        <translation>Esta línea entre los ajustes anidados de “%1” no es un ajuste “clave = valor” y se ignora.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AwsEnvironment</name>
    <message>
        <source>An access key ID is one word of letters and digits, such as AKIAIOSFODNN7EXAMPLE; check for a copy-and-paste mistake.</source>
        <translation>Un ID de clave de acceso es una sola palabra de letras y dígitos, como AKIAIOSFODNN7EXAMPLE; compruebe si hay un error al copiar y pegar.</translation>
    </message>
    <message>
        <source>%1 contains a blank or a line break.</source>
        <translation>%1 contiene un espacio o un salto de línea.</translation>
    </message>
    <message>
        <source>%1 contains quotation marks.</source>
        <translation>%1 contiene comillas.</translation>
    </message>
    <message>
        <source>Remove the quotes: they are not part of the key ID.</source>
        <translation>Quite las comillas: no forman parte del ID de clave.</translation>
    </message>
    <message>
        <source>%1 contains “/” or “+”, which access key IDs never hold.</source>
        <translation>%1 contiene “/” o “+”, que los ID de clave de acceso nunca contienen.</translation>
    </message>
    <message>
        <source>It may be the secret access key: check that the key ID and the secret were not swapped.</source>
        <translation>Puede que sea la clave de acceso secreta: compruebe que el ID de clave y el secreto no estén intercambiados.</translation>
    </message>
    <message>
        <source>%1 contains characters other than the letters A to Z and the digits 0 to 9.</source>
        <translation>%1 contiene caracteres distintos de las letras de la A a la Z y los dígitos del 0 al 9.</translation>
    </message>
    <message>
        <source>%1 is too short to be an access key ID.</source>
        <translation>%1 es demasiado corto para ser un ID de clave de acceso.</translation>
    </message>
    <message>
        <source>AWS access key IDs are 16 to 128 characters long.</source>
        <translation>Los ID de clave de acceso de AWS tienen de 16 a 128 caracteres.</translation>
    </message>
    <message>
        <source>%1 is too long to be an access key ID.</source>
        <translation>%1 es demasiado largo para ser un ID de clave de acceso.</translation>
    </message>
    <message>
        <source>Check for a copy-and-paste mistake: secrets are one word.</source>
        <translation>Compruebe si hay un error al copiar y pegar: los secretos son una sola palabra.</translation>
    </message>
    <message>
        <source>%1 contains a line break, a tab or another invisible character.</source>
        <translation>%1 contiene un salto de línea, una tabulación u otro carácter invisible.</translation>
    </message>
    <message>
        <source>%1 contains a blank.</source>
        <translation>%1 contiene un espacio.</translation>
    </message>
    <message>
        <source>%1 is wrapped in quotation marks.</source>
        <translation>%1 está entre comillas.</translation>
    </message>
    <message>
        <source>Remove the quotes: they are not part of the secret.</source>
        <translation>Quite las comillas: no forman parte del secreto.</translation>
    </message>
    <message>
        <source>%1 is set but %2 is not.</source>
        <translation>%1 está definida, pero %2 no.</translation>
    </message>
    <message>
        <source>Set both variables, or neither.</source>
        <translation>Defina ambas variables o ninguna.</translation>
    </message>
    <message>
        <source>%1 is set but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not.</source>
        <translation>%1 está definida, pero AWS_ACCESS_KEY_ID y AWS_SECRET_ACCESS_KEY no.</translation>
    </message>
    <message>
        <source>A session token belongs to temporary keys: set all three variables, or unset %1.</source>
        <translation>Un token de sesión corresponde a claves temporales: defina las tres variables o elimine %1.</translation>
    </message>
    <message>
        <source>%1 is not an ISO 8601 date and time.</source>
        <translation>%1 no es una fecha y hora ISO 8601.</translation>
    </message>
    <message>
        <source>Write it like 2025-01-31T12:00:00Z, or unset it.</source>
        <translation>Escríbala como 2025-01-31T12:00:00Z o elimínela.</translation>
    </message>
    <message>
        <source>%1 starts with “Bearer ”.</source>
        <translation>%1 empieza por “Bearer ”.</translation>
    </message>
    <message>
        <source>Set it to the API key alone; the word Bearer is added when the request is sent.</source>
        <translation>Asígnele solo la clave de API; la palabra Bearer se agrega al enviar la solicitud.</translation>
    </message>
    <message>
        <source>%1 contains a line break or another control character.</source>
        <translation>%1 contiene un salto de línea u otro carácter de control.</translation>
    </message>
    <message>
        <source>Set it to the name of a profile in your AWS config files.</source>
        <translation>Asígnele el nombre de un perfil de sus archivos de configuración de AWS.</translation>
    </message>
    <message>
        <source>Remove the quotes: they are not part of the profile name.</source>
        <translation>Quite las comillas: no forman parte del nombre del perfil.</translation>
    </message>
    <message>
        <source>%1 is not an AWS region code.</source>
        <translation>%1 no es un código de región de AWS.</translation>
    </message>
    <message>
        <source>Set it to a region code such as us-east-1 (not a region&apos;s name, and not an Availability Zone such as us-east-1a).</source>
        <translation>Asígnele un código de región como us-east-1 (no el nombre de una región ni una zona de disponibilidad como us-east-1a).</translation>
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
        <translation>el archivo config</translation>
    </message>
    <message>
        <source>the credentials file</source>
        <translation>el archivo credentials</translation>
    </message>
    <message>
        <source>Mantle Playground cannot get credentials this way yet. Run “aws configure export-credentials --profile %1 --format env” and use the variables it prints, or give the profile access keys.</source>
        <translation>Mantle Playground todavía no puede obtener credenciales de esta forma. Ejecute “aws configure export-credentials --profile %1 --format env” y use las variables que muestra, o asigne claves de acceso al perfil.</translation>
    </message>
    <message>
        <source>%1 is a folder, not an AWS configuration file.</source>
        <translation>%1 es una carpeta, no un archivo de configuración de AWS.</translation>
    </message>
    <message>
        <source>Point AWS_CONFIG_FILE or AWS_SHARED_CREDENTIALS_FILE at a file.</source>
        <translation>Haga que AWS_CONFIG_FILE o AWS_SHARED_CREDENTIALS_FILE apunten a un archivo.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation>No se puede leer %1: %2.</translation>
    </message>
    <message>
        <source>Check that your user may read the file.</source>
        <translation>Compruebe que su usuario puede leer el archivo.</translation>
    </message>
    <message>
        <source>%1 is larger than 1 MiB, too large to be an AWS configuration file.</source>
        <translation>%1 ocupa más de 1 MiB, demasiado para ser un archivo de configuración de AWS.</translation>
    </message>
    <message>
        <source>Check AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE.</source>
        <translation>Compruebe AWS_CONFIG_FILE y AWS_SHARED_CREDENTIALS_FILE.</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>línea %1</translation>
    </message>
    <message>
        <source>%1, line %2</source>
        <translation>%1, línea %2</translation>
    </message>
    <message>
        <source>%1 has a section [%2] on line %3, but in that file a profile&apos;s header is written [profile %2].</source>
        <translation>%1 tiene una sección [%2] en la línea %3, pero en ese archivo el encabezado de un perfil se escribe [profile %2].</translation>
    </message>
    <message>
        <source>Check the name; the profiles defined are: %1.</source>
        <translation>Compruebe el nombre; los perfiles definidos son: %1.</translation>
    </message>
    <message>
        <source>Neither file defines a profile yet; run “aws configure --profile %1” to add one.</source>
        <translation>Ninguno de los archivos define todavía un perfil; ejecute “aws configure --profile %1” para agregar uno.</translation>
    </message>
    <message>
        <source>The AWS profile “%1” does not exist in %2 or %3.</source>
        <translation>El perfil de AWS “%1” no existe en %2 ni en %3.</translation>
    </message>
    <message>
        <source>duration_seconds of the profile “%1” (%2) is not a whole number of seconds from %3 to %4.</source>
        <translation>duration_seconds del perfil “%1” (%2) no es un número entero de segundos entre %3 y %4.</translation>
    </message>
    <message>
        <source>Use 3600 for one hour, or remove the setting.</source>
        <translation>Use 3600 para una hora o quite el ajuste.</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) assumes its role with a web identity token (web_identity_token_file), which is not supported yet.</source>
        <translation>El perfil “%1” (%2) asume su rol con un token de identidad web (web_identity_token_file), que todavía no se admite.</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) has role_arn but neither source_profile nor credential_source.</source>
        <translation>El perfil “%1” (%2) tiene role_arn, pero no source_profile ni credential_source.</translation>
    </message>
    <message>
        <source>Add source_profile = NAME, the profile whose keys assume the role, or credential_source = Environment.</source>
        <translation>Agregue source_profile = NAME, el perfil cuyas claves asumen el rol, o credential_source = Environment.</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) has both source_profile and credential_source.</source>
        <translation>El perfil “%1” (%2) tiene source_profile y credential_source a la vez.</translation>
    </message>
    <message>
        <source>Keep only one of them.</source>
        <translation>Conserve solo uno de los dos.</translation>
    </message>
    <message>
        <source>The role_arn of the profile “%1” (%2) is not an ARN.</source>
        <translation>El role_arn del perfil “%1” (%2) no es un ARN.</translation>
    </message>
    <message>
        <source>Write it like arn:aws:iam::123456789012:role/NAME.</source>
        <translation>Escríbalo como arn:aws:iam::123456789012:role/NAME.</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) takes its credentials from the environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set.</source>
        <translation>El perfil “%1” (%2) toma sus credenciales del entorno, pero AWS_ACCESS_KEY_ID y AWS_SECRET_ACCESS_KEY no están definidas.</translation>
    </message>
    <message>
        <source>Set both variables, or change credential_source.</source>
        <translation>Defina ambas variables o cambie credential_source.</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) takes its credentials from %3, which is not supported yet.</source>
        <translation>El perfil “%1” (%2) toma sus credenciales de %3, que todavía no se admite.</translation>
    </message>
    <message>
        <source>The credential_source of the profile “%1” (%2) is not one the AWS CLI knows.</source>
        <translation>El credential_source del perfil “%1” (%2) no es uno que conozca la AWS CLI.</translation>
    </message>
    <message>
        <source>Use Environment, Ec2InstanceMetadata or EcsContainer (spelled with these capitals).</source>
        <translation>Use Environment, Ec2InstanceMetadata o EcsContainer (escritos con estas mayúsculas).</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) names source_profile “%3”, which does not exist in %4 or %5.</source>
        <translation>El perfil “%1” (%2) indica source_profile “%3”, que no existe en %4 ni en %5.</translation>
    </message>
    <message>
        <source>The profiles %1 name each other as source_profile in a loop (%2).</source>
        <translation>Los perfiles %1 se indican mutuamente como source_profile en un bucle (%2).</translation>
    </message>
    <message>
        <source>Give one profile of the chain aws_access_key_id and aws_secret_access_key, or credential_source.</source>
        <translation>Asigne a un perfil de la cadena aws_access_key_id y aws_secret_access_key, o credential_source.</translation>
    </message>
    <message>
        <source>%1; the source_profile of “%2”</source>
        <translation>%1; el source_profile de “%2”</translation>
    </message>
    <message>
        <source>The profile %1 (%2) signs in with IAM Identity Center (%3), which is not supported yet.</source>
        <translation>El perfil %1 (%2) inicia sesión con IAM Identity Center (%3), que todavía no se admite.</translation>
    </message>
    <message>
        <source>The profile %1 (%2) has %3 but no %4.</source>
        <translation>El perfil %1 (%2) tiene %3, pero no %4.</translation>
    </message>
    <message>
        <source>Add %1 next to %2, or remove both.</source>
        <translation>Agregue %1 junto a %2 o quite ambos.</translation>
    </message>
    <message>
        <source>%1 of the profile “%2” (%3)</source>
        <translation>%1 del perfil “%2” (%3)</translation>
    </message>
    <message>
        <source>The profile %1 (%2) gets its credentials from an external program (credential_process), which is not supported yet.</source>
        <translation>El perfil %1 (%2) obtiene sus credenciales de un programa externo (credential_process), que todavía no se admite.</translation>
    </message>
    <message>
        <source>The profile %1 (%2) has credential_source but no role_arn.</source>
        <translation>El perfil %1 (%2) tiene credential_source, pero no role_arn.</translation>
    </message>
    <message>
        <source>credential_source only says which credentials assume role_arn; add role_arn, or give the profile access keys.</source>
        <translation>credential_source solo indica qué credenciales asumen role_arn; agregue role_arn o asigne claves de acceso al perfil.</translation>
    </message>
    <message>
        <source>The profile %1 (%2) holds no credentials.</source>
        <translation>El perfil %1 (%2) no contiene credenciales.</translation>
    </message>
    <message>
        <source>Add aws_access_key_id and aws_secret_access_key to [%1] in %2, or role_arn and source_profile to it in %3.</source>
        <translation>Agregue aws_access_key_id y aws_secret_access_key a [%1] en %2, o role_arn y source_profile en %3.</translation>
    </message>
    <message>
        <source>The key “%1” is ignored because keys are case-sensitive; write it as “%2”.</source>
        <translation>La clave “%1” se ignora porque las claves distinguen mayúsculas y minúsculas; escríbala como “%2”.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::BedrockToken</name>
    <message>
        <source>This is not a short-term Bedrock API key: %1</source>
        <translation>Esta no es una clave de API de Bedrock a corto plazo: %1</translation>
    </message>
    <message>
        <source>A short-term key starts with “bedrock-api-key-” followed by base64; long-term keys (“ABSK…”) cannot be read back.</source>
        <translation>Una clave a corto plazo empieza por “bedrock-api-key-” seguido de base64; las claves a largo plazo (“ABSK…”) no se pueden examinar.</translation>
    </message>
    <message>
        <source>A short-term API key needs an access key id and a secret access key.</source>
        <translation>Una clave de API a corto plazo necesita un ID de clave de acceso y una clave de acceso secreta.</translation>
    </message>
    <message>
        <source>“%1” is not a region code.</source>
        <translation>“%1” no es un código de región.</translation>
    </message>
    <message>
        <source>Give a region such as us-east-1.</source>
        <translation>Indique una región, como us-east-1.</translation>
    </message>
    <message>
        <source>A short-term API key lives from %1 to %2 seconds, not %3.</source>
        <translation>Una clave de API a corto plazo dura de %1 a %2 segundos, no %3.</translation>
    </message>
    <message>
        <source>The credentials have expired.</source>
        <translation>Las credenciales han caducado.</translation>
    </message>
    <message>
        <source>Renew them, then generate the key again.</source>
        <translation>Renuévelas y vuelva a generar la clave.</translation>
    </message>
    <message>
        <source>it does not start with “bedrock-api-key-”.</source>
        <translation>no empieza por “bedrock-api-key-”.</translation>
    </message>
    <message>
        <source>nothing follows the prefix.</source>
        <translation>no hay nada después del prefijo.</translation>
    </message>
    <message>
        <source>what follows the prefix is not base64.</source>
        <translation>lo que sigue al prefijo no es base64.</translation>
    </message>
    <message>
        <source>it does not hold a presigned URL.</source>
        <translation>no contiene una URL prefirmada.</translation>
    </message>
    <message>
        <source>its URL has no %1.</source>
        <translation>a su URL le falta %1.</translation>
    </message>
    <message>
        <source>it is not signed with AWS4-HMAC-SHA256.</source>
        <translation>no está firmada con AWS4-HMAC-SHA256.</translation>
    </message>
    <message>
        <source>its credential scope is malformed.</source>
        <translation>su ámbito de credenciales no tiene un formato válido.</translation>
    </message>
    <message>
        <source>its X-Amz-Date is malformed.</source>
        <translation>su X-Amz-Date no tiene un formato válido.</translation>
    </message>
    <message>
        <source>its X-Amz-Expires is not a positive number of seconds.</source>
        <translation>su X-Amz-Expires no es un número positivo de segundos.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::RequestUrl</name>
    <message>
        <source>Give a full URL such as https://bedrock-mantle.us-east-1.api.aws/v1/models.</source>
        <translation>Indique una URL completa, como https://bedrock-mantle.us-east-1.api.aws/v1/models.</translation>
    </message>
    <message>
        <source>“%1” is not a URL: it has no scheme (https://).</source>
        <translation>“%1” no es una URL: no tiene esquema (https://).</translation>
    </message>
    <message>
        <source>“%1” uses the scheme “%2”; only https and http are supported.</source>
        <translation>“%1” usa el esquema “%2”; solo se admiten https y http.</translation>
    </message>
    <message>
        <source>“%1” carries a user name or password; credentials never go in a URL.</source>
        <translation>“%1” contiene un nombre de usuario o una contraseña; las credenciales nunca van en una URL.</translation>
    </message>
    <message>
        <source>“%1” has no valid host name.</source>
        <translation>“%1” no tiene un nombre de host válido.</translation>
    </message>
    <message>
        <source>“%1” has an invalid port.</source>
        <translation>“%1” tiene un puerto no válido.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::StaticCredentialProvider</name>
    <message>
        <source>No complete AWS credentials were given: an access key id and a secret access key are needed.</source>
        <translation>No se proporcionaron credenciales de AWS completas: se necesitan un ID de clave de acceso y una clave de acceso secreta.</translation>
    </message>
    <message>
        <source>Give both the access key id and the secret access key.</source>
        <translation>Indique tanto el ID de clave de acceso como la clave de acceso secreta.</translation>
    </message>
    <message>
        <source>The credentials with the access key id %1 expired at %2.</source>
        <translation>Las credenciales con el ID de clave de acceso %1 caducaron el %2.</translation>
    </message>
    <message>
        <source>Give fresh credentials: temporary credentials last 12 hours at most.</source>
        <translation>Proporcione credenciales nuevas: las credenciales temporales duran como máximo 12 horas.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::StsClient</name>
    <message>
        <source>Give the STS endpoint as https://host[:port]/, or http://127.0.0.1:PORT/ for a local test server.</source>
        <translation>Indique el punto de enlace de STS como https://host[:port]/, o http://127.0.0.1:PORT/ para un servidor de pruebas local.</translation>
    </message>
    <message>
        <source>“%1” is not a valid STS endpoint URL.</source>
        <translation>“%1” no es una URL de punto de enlace de STS válida.</translation>
    </message>
    <message>
        <source>The STS endpoint “%1” has a user name, query or fragment; give only the scheme, host, port and path.</source>
        <translation>El punto de enlace de STS “%1” tiene un nombre de usuario, una consulta o un fragmento; indique solo el esquema, el host, el puerto y la ruta.</translation>
    </message>
    <message>
        <source>The STS endpoint “%1” uses plain http, which is only allowed for this computer (127.0.0.1, ::1 or localhost).</source>
        <translation>El punto de enlace de STS “%1” usa http sin cifrar, que solo se permite para este equipo (127.0.0.1, ::1 o localhost).</translation>
    </message>
    <message>
        <source>Use https: the request carries a session token and the answer carries credentials.</source>
        <translation>Use https: la solicitud lleva un token de sesión y la respuesta lleva credenciales.</translation>
    </message>
    <message>
        <source>Could not connect to STS at %1: the connection was refused.</source>
        <translation>No se pudo conectar con STS en %1: se rechazó la conexión.</translation>
    </message>
    <message>
        <source>Check the STS endpoint and that nothing (a firewall, a proxy) blocks it.</source>
        <translation>Compruebe el punto de enlace de STS y que nada (un firewall, un proxy) lo bloquea.</translation>
    </message>
    <message>
        <source>Could not find the STS host of %1.</source>
        <translation>No se encontró el host de STS de %1.</translation>
    </message>
    <message>
        <source>Check the region, the network connection and the DNS or proxy settings.</source>
        <translation>Compruebe la región, la conexión de red y la configuración de DNS o de proxy.</translation>
    </message>
    <message numerus="yes">
        <source>STS at %1 did not answer within %n second(s).</source>
        <translation>
            <numerusform>STS en %1 no respondió en %n segundo.</numerusform>
            <numerusform>STS en %1 no respondió en %n segundos.</numerusform>
        </translation>
    </message>
    <message>
        <source>Check the network connection and the proxy settings, then try again.</source>
        <translation>Compruebe la conexión de red y la configuración de proxy, y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>The secure connection to STS at %1 failed: %2</source>
        <translation>Error en la conexión segura con STS en %1: %2</translation>
    </message>
    <message>
        <source>A proxy that inspects TLS may be in the way, or the system&apos;s certificates may be out of date.</source>
        <translation>Puede que un proxy que inspecciona TLS se interponga, o que los certificados del sistema estén desactualizados.</translation>
    </message>
    <message>
        <source>Could not reach STS at %1: %2</source>
        <translation>No se pudo acceder a STS en %1: %2</translation>
    </message>
    <message>
        <source>The source credentials are incomplete: STS needs an access key id and a secret access key.</source>
        <translation>Las credenciales de origen están incompletas: STS necesita un ID de clave de acceso y una clave de acceso secreta.</translation>
    </message>
    <message>
        <source>Give the keys of the identity that may assume the role %1.</source>
        <translation>Indique las claves de la identidad que puede asumir el rol %1.</translation>
    </message>
    <message>
        <source>The source credentials expired at %1.</source>
        <translation>Las credenciales de origen caducaron el %1.</translation>
    </message>
    <message>
        <source>Refresh the source credentials, then try again.</source>
        <translation>Actualice las credenciales de origen y vuelva a intentarlo.</translation>
    </message>
    <message numerus="yes">
        <source>The answer from %1 is larger than %n KiB, so it is not an STS answer.</source>
        <translation>
            <numerusform>La respuesta de %1 ocupa más de %n KiB, así que no es una respuesta de STS.</numerusform>
            <numerusform>La respuesta de %1 ocupa más de %n KiB, así que no es una respuesta de STS.</numerusform>
        </translation>
    </message>
    <message>
        <source>Something other than AWS may have answered, such as a proxy or a captive portal: check the network, the proxy settings and the STS endpoint.</source>
        <translation>Puede que haya respondido algo distinto de AWS, como un proxy o un portal cautivo: compruebe la red, la configuración de proxy y el punto de enlace de STS.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::StsResponseParser</name>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>Something other than AWS may have answered, such as a proxy or a captive portal: check the network, the proxy settings and the STS endpoint.</source>
        <translation>Puede que haya respondido algo distinto de AWS, como un proxy o un portal cautivo: compruebe la red, la configuración de proxy y el punto de enlace de STS.</translation>
    </message>
    <message>
        <source>STS at %1 answered HTTP %2 with an empty body (content type: %3).</source>
        <translation>STS en %1 respondió HTTP %2 con un cuerpo vacío (tipo de contenido: %3).</translation>
    </message>
    <message>
        <source>The answer from %1 (HTTP %2, content type: %3) is not an STS answer.</source>
        <translation>La respuesta de %1 (HTTP %2, tipo de contenido: %3) no es una respuesta de STS.</translation>
    </message>
    <message>
        <source>(no message)</source>
        <translation>(sin mensaje)</translation>
    </message>
    <message>
        <source>STS refused to let the source credentials assume the role (AccessDenied): %1</source>
        <translation>STS no permitió que las credenciales de origen asumieran el rol (AccessDenied): %1</translation>
    </message>
    <message>
        <source>The source credentials need permission for sts:AssumeRole on %1, the role&apos;s trust policy must allow them, and the external ID must match the trust policy&apos;s sts:ExternalId condition exactly.</source>
        <translation>Las credenciales de origen necesitan permiso para sts:AssumeRole sobre %1, la política de confianza del rol debe permitirlas y el ID externo debe coincidir exactamente con la condición sts:ExternalId de la política de confianza.</translation>
    </message>
    <message>
        <source>The source credentials need permission for sts:AssumeRole on %1, and the role&apos;s trust policy must allow them. If the trust policy requires an external ID (sts:ExternalId), give it.</source>
        <translation>Las credenciales de origen necesitan permiso para sts:AssumeRole sobre %1, y la política de confianza del rol debe permitirlas. Si la política de confianza requiere un ID externo (sts:ExternalId), indíquelo.</translation>
    </message>
    <message>
        <source>The source credentials have expired (ExpiredToken): %1</source>
        <translation>Las credenciales de origen han caducado (ExpiredToken): %1</translation>
    </message>
    <message>
        <source>Refresh the source credentials (sign in again or get a new session token), then try again.</source>
        <translation>Actualice las credenciales de origen (inicie sesión de nuevo u obtenga un nuevo token de sesión) y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>AWS does not know the access key id %1 (InvalidClientTokenId): %2</source>
        <translation>AWS no conoce el ID de clave de acceso %1 (InvalidClientTokenId): %2</translation>
    </message>
    <message>
        <source>Check the source access key id: the key may have been deleted or deactivated, belong to another AWS partition, or, for temporary credentials, come with the wrong session token.</source>
        <translation>Compruebe el ID de clave de acceso de origen: puede que la clave se haya eliminado o desactivado, que pertenezca a otra partición de AWS o, en credenciales temporales, que vaya con un token de sesión incorrecto.</translation>
    </message>
    <message>
        <source>STS rejected the request&apos;s signature (SignatureDoesNotMatch): %1</source>
        <translation>STS rechazó la firma de la solicitud (SignatureDoesNotMatch): %1</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is off: set it to the correct time and try again.</source>
        <translation>El reloj de este equipo no está en hora: ajústelo a la hora correcta y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>The secret access key is wrong for the access key id %1: check it (and that no space or line break was copied with it).</source>
        <translation>La clave de acceso secreta no corresponde al ID de clave de acceso %1: compruébela (y que no se copió con ella ningún espacio ni salto de línea).</translation>
    </message>
    <message>
        <source>STS is not activated in the region %1 for this account (RegionDisabledException): %2</source>
        <translation>STS no está activado en la región %1 para esta cuenta (RegionDisabledException): %2</translation>
    </message>
    <message>
        <source>Enable the region in the account&apos;s settings (AWS console, Account, AWS Regions) or use another region.</source>
        <translation>Habilite la región en la configuración de la cuenta (consola de AWS, Cuenta, Regiones de AWS) o use otra región.</translation>
    </message>
    <message>
        <source>STS refused a parameter of the request: %1</source>
        <translation>STS rechazó un parámetro de la solicitud: %1</translation>
    </message>
    <message>
        <source>Correct the parameter STS names and try again.</source>
        <translation>Corrija el parámetro que indica STS y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>STS answered HTTP %1 with the error %2: %3</source>
        <translation>STS respondió HTTP %1 con el error %2: %3</translation>
    </message>
    <message>
        <source>The AssumeRole answer from %1 (HTTP %2, content type: %3) lacks the fields %4.</source>
        <translation>A la respuesta de AssumeRole de %1 (HTTP %2, tipo de contenido: %3) le faltan los campos %4.</translation>
    </message>
    <message>
        <source>The AssumeRole answer from %1 has an expiry that is not an ISO 8601 time: “%2”.</source>
        <translation>La respuesta de AssumeRole de %1 tiene una caducidad que no es una hora ISO 8601: “%2”.</translation>
    </message>
</context>
<context>
    <name>mantle::cli::AccountsCommand</name>
    <message>
        <source>Run `mantle accounts --help` for the usage.</source>
        <translation>Ejecute `mantle accounts --help` para ver el uso.</translation>
    </message>
    <message numerus="yes">
        <source>`%1` takes %n argument(s).</source>
        <translation>
            <numerusform>`%1` admite %n argumento.</numerusform>
            <numerusform>`%1` admite %n argumentos.</numerusform>
        </translation>
    </message>
    <message>
        <source>which command? add, list, show, rename, remove, test, policy, export, import, import-aws or import-env.</source>
        <translation>¿qué comando? add, list, show, rename, remove, test, policy, export, import, import-aws o import-env.</translation>
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
        <translation>Los secretos se leen de stdin: para access-key, la clave de acceso secreta
y, en una segunda línea, un token de sesión opcional; para api-key, la
clave de API. Sin stdin, se toman de AWS_SECRET_ACCESS_KEY (y
AWS_SESSION_TOKEN) o de AWS_BEARER_TOKEN_BEDROCK. Se guardan en el
llavero, nunca en un archivo. Configuración: MANTLE_CONFIG_DIR o, si no,
$XDG_CONFIG_HOME/Mantle Playground.</translation>
    </message>
    <message>
        <source>unknown command “%1”.</source>
        <translation>comando desconocido “%1”.</translation>
    </message>
    <message>
        <source>give the API key on stdin (or in AWS_BEARER_TOKEN_BEDROCK).</source>
        <translation>indique la clave de API en stdin (o en AWS_BEARER_TOKEN_BEDROCK).</translation>
    </message>
    <message>
        <source>give the secret access key on stdin (or in AWS_SECRET_ACCESS_KEY).</source>
        <translation>indique la clave de acceso secreta en stdin (o en AWS_SECRET_ACCESS_KEY).</translation>
    </message>
    <message>
        <source>stdin holds %1 lines; expected at most %2.</source>
        <translation>stdin contiene %1 líneas; se esperaban como máximo %2.</translation>
    </message>
    <message>
        <source>The API key</source>
        <translation>La clave de API</translation>
    </message>
    <message>
        <source>The secret access key</source>
        <translation>La clave de acceso secreta</translation>
    </message>
    <message>
        <source>The session token</source>
        <translation>El token de sesión</translation>
    </message>
    <message>
        <source>A Mantle region.</source>
        <translation>Una región de Mantle.</translation>
    </message>
    <message>
        <source>access-key, api-key or role.</source>
        <translation>access-key, api-key o role.</translation>
    </message>
    <message>
        <source>The access key id.</source>
        <translation>El ID de clave de acceso.</translation>
    </message>
    <message>
        <source>The role to assume.</source>
        <translation>El rol que se asume.</translation>
    </message>
    <message>
        <source>The access-key account that assumes it.</source>
        <translation>La cuenta con claves de acceso que lo asume.</translation>
    </message>
    <message>
        <source>The AWS profile that assumes it.</source>
        <translation>El perfil de AWS que lo asume.</translation>
    </message>
    <message>
        <source>The role&apos;s external ID.</source>
        <translation>El ID externo del rol.</translation>
    </message>
    <message>
        <source>The role session name.</source>
        <translation>El nombre de la sesión de rol.</translation>
    </message>
    <message>
        <source>The role session&apos;s length, 900 to 43200 s.</source>
        <translation>La duración de la sesión de rol, de 900 a 43200 s.</translation>
    </message>
    <message>
        <source>An endpoint override (root URL).</source>
        <translation>Un punto de enlace alternativo (URL raíz).</translation>
    </message>
    <message>
        <source>Notes.</source>
        <translation>Notas.</translation>
    </message>
    <message>
        <source>--auth takes access-key, api-key or role.</source>
        <translation>--auth admite access-key, api-key o role.</translation>
    </message>
    <message>
        <source>--access-key-id is for --auth access-key.</source>
        <translation>--access-key-id es para --auth access-key.</translation>
    </message>
    <message>
        <source>--role-arn and the other role flags are for --auth role.</source>
        <translation>--role-arn y las demás opciones de rol son para --auth role.</translation>
    </message>
    <message>
        <source>a role takes one of --source-account and --source-profile.</source>
        <translation>un rol admite una de --source-account y --source-profile.</translation>
    </message>
    <message>
        <source>--duration takes a number of seconds.</source>
        <translation>--duration admite un número de segundos.</translation>
    </message>
    <message>
        <source>Added account “%1”.</source>
        <translation>Se agregó la cuenta “%1”.</translation>
    </message>
    <message>
        <source>(broken: %1)</source>
        <translation>(dañada: %1)</translation>
    </message>
    <message>
        <source>name</source>
        <translation>nombre</translation>
    </message>
    <message>
        <source>auth</source>
        <translation>autenticación</translation>
    </message>
    <message>
        <source>region</source>
        <translation>región</translation>
    </message>
    <message>
        <source>endpoint</source>
        <translation>punto de enlace</translation>
    </message>
    <message>
        <source>access key id</source>
        <translation>ID de clave de acceso</translation>
    </message>
    <message>
        <source>secret access key</source>
        <translation>clave de acceso secreta</translation>
    </message>
    <message>
        <source>in the keychain</source>
        <translation>en el llavero</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Clave de API</translation>
    </message>
    <message>
        <source>role ARN</source>
        <translation>ARN del rol</translation>
    </message>
    <message>
        <source>external ID</source>
        <translation>ID externo</translation>
    </message>
    <message>
        <source>session name</source>
        <translation>nombre de sesión</translation>
    </message>
    <message>
        <source>duration</source>
        <translation>duración</translation>
    </message>
    <message>
        <source>source account</source>
        <translation>cuenta de origen</translation>
    </message>
    <message>
        <source>source AWS profile</source>
        <translation>perfil de AWS de origen</translation>
    </message>
    <message>
        <source>notes</source>
        <translation>notas</translation>
    </message>
    <message>
        <source>Renamed account “%1” to “%2”.</source>
        <translation>Se cambió el nombre de la cuenta “%1” a “%2”.</translation>
    </message>
    <message>
        <source>Removed account “%1” and its secrets.</source>
        <translation>Se eliminaron la cuenta “%1” y sus secretos.</translation>
    </message>
    <message>
        <source>The model of the tiny request (default: the first listed Chat Completions model).</source>
        <translation>El modelo de la solicitud mínima (predeterminado: el primer modelo de Chat Completions de la lista).</translation>
    </message>
    <message>
        <source>Account “%1”: %2 in %3.</source>
        <translation>Cuenta “%1”: %2 en %3.</translation>
    </message>
    <message>
        <source>the IAM principal of account “%1”</source>
        <translation>la entidad principal de IAM de la cuenta “%1”</translation>
    </message>
    <message>
        <source>the IAM principal of AWS profile “%1”</source>
        <translation>la entidad principal de IAM del perfil de AWS “%1”</translation>
    </message>
    <message>
        <source>note: %1</source>
        <translation>nota: %1</translation>
    </message>
    <message>
        <source>fix: %1</source>
        <translation>solución: %1</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>omitido</translation>
    </message>
    <message>
        <source>Account “%1” works.</source>
        <translation>La cuenta “%1” funciona.</translation>
    </message>
    <message>
        <source>The AWS account id of the resources (default: the role&apos;s, else *).</source>
        <translation>El ID de cuenta de AWS de los recursos (predeterminado: el del rol o, si no, *).</translation>
    </message>
    <message>
        <source>Leave out the Marketplace statement for third-party models.</source>
        <translation>Omitir la instrucción de Marketplace para modelos de terceros.</translation>
    </message>
    <message>
        <source>For a role: the ARN of the principal that assumes it.</source>
        <translation>Para un rol: el ARN de la entidad principal que lo asume.</translation>
    </message>
    <message>
        <source>--account-id takes a 12-digit AWS account id.</source>
        <translation>--account-id admite un ID de cuenta de AWS de 12 dígitos.</translation>
    </message>
    <message>
        <source>Exported the settings of “%1” (no secrets).</source>
        <translation>Se exportó la configuración de “%1” (sin secretos).</translation>
    </message>
    <message>
        <source>The new account&apos;s name.</source>
        <translation>El nombre de la nueva cuenta.</translation>
    </message>
    <message>
        <source>The accounts&apos; name prefix (default: env).</source>
        <translation>El prefijo del nombre de las cuentas (predeterminado: env).</translation>
    </message>
    <message>
        <source>The environment holds no AWS credentials to import.</source>
        <translation>El entorno no contiene credenciales de AWS que importar.</translation>
    </message>
    <message>
        <source>Add, list, show, remove and test accounts</source>
        <translation>Agregar, enumerar, mostrar, eliminar y probar cuentas</translation>
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
        <translation>salida</translation>
    </message>
    <message>
        <source>cost</source>
        <translation>costo</translation>
    </message>
    <message>
        <source>error</source>
        <translation>error</translation>
    </message>
    <message>
        <source>Tool call %1: %2 %3</source>
        <translation>Llamada a herramienta %1: %2 %3</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Error: %1</translation>
    </message>
    <message>
        <source>Send one prompt to several models, regions or APIs at once and compare</source>
        <translation>Enviar un prompt a varios modelos, regiones o API a la vez y comparar</translation>
    </message>
    <message>
        <source>Run `mantle compare --help` for the options.</source>
        <translation>Ejecute `mantle compare --help` para ver las opciones.</translation>
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
        <translation>Envía un prompt, con el mismo prompt del sistema, herramientas, esquema y
parámetros, a entre 1 y 6 destinos a la vez e imprime cada respuesta bajo un
encabezado y, después, una tabla: tiempo hasta el primer token, tokens por segundo,
tiempo total, tokens de entrada y de salida, costo y error. Un destino es una lista
de elementos key=value separados por comas: api (chat, responses o messages), model,
region y account; lo que un destino no indica se toma de --model, --region y
--account. Cada destino recibe lo que su API admite (p. ej., no hay semilla fuera de
Chat Completions); las respuestas siempre se transmiten, así que --stream no cambia
nada. --json imprime la tabla con cada respuesta como JSON; --csv, la tabla como
CSV. El código de salida es 1 si algún destino falló; los demás se imprimen
igualmente. Las credenciales se toman de la cuenta o, si no, de
AWS_BEARER_TOKEN_BEDROCK o, si no, de AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY y
AWS_SESSION_TOKEN.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Mostrar esta ayuda.</translation>
    </message>
    <message>
        <source>A target, e.g. api=messages,model=anthropic.claude-haiku-4-5,region=us-west-2 (repeat for each, 1 to 6).</source>
        <translation>Un destino; p. ej., api=messages,model=anthropic.claude-haiku-4-5,region=us-west-2 (se repite para cada uno, de 1 a 6).</translation>
    </message>
    <message>
        <source>Compare --model through every answer API the model catalogue says it serves.</source>
        <translation>Comparar --model en todas las API de respuesta que, según el catálogo de modelos, lo ofrecen.</translation>
    </message>
    <message>
        <source>Print the table as CSV (RFC 4180) instead.</source>
        <translation>Imprimir la tabla como CSV (RFC 4180) en su lugar.</translation>
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
        <translation>--csv y --json no se pueden combinar.</translation>
    </message>
    <message>
        <source>compare does not run background responses.</source>
        <translation>compare no ejecuta respuestas en segundo plano.</translation>
    </message>
    <message>
        <source>--cross-api and --target cannot be combined.</source>
        <translation>--cross-api y --target no se pueden combinar.</translation>
    </message>
    <message>
        <source>give the targets with --target SPEC, or --cross-api.</source>
        <translation>indique los destinos con --target SPEC o con --cross-api.</translation>
    </message>
    <message>
        <source>--cross-api needs --model.</source>
        <translation>--cross-api necesita --model.</translation>
    </message>
    <message>
        <source>The target is not known.</source>
        <translation>No se reconoce el destino.</translation>
    </message>
    <message numerus="yes">
        <source>mantle compare: %n of %1 targets failed.</source>
        <translation>
            <numerusform>mantle compare: falló %n de %1 destinos.</numerusform>
            <numerusform>mantle compare: fallaron %n de %1 destinos.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mantle::cli::EmulatorCommand</name>
    <message>
        <source>Run a local Mantle emulator on 127.0.0.1</source>
        <translation>Ejecutar un emulador de Mantle local en 127.0.0.1</translation>
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
        <translation>Pruebe prompts con Amazon Bedrock Mantle desde la línea de comandos.</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>Comandos:</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>Opciones:</translation>
    </message>
    <message>
        <source>Show this help; `mantle COMMAND --help` shows a command&apos;s.</source>
        <translation>Mostrar esta ayuda; `mantle COMMAND --help` muestra la de un comando.</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>Mostrar la versión.</translation>
    </message>
    <message>
        <source>mantle: unknown command “%1”. Run `mantle --help` for the list.</source>
        <translation>mantle: comando desconocido “%1”. Ejecute `mantle --help` para ver la lista.</translation>
    </message>
</context>
<context>
    <name>mantle::cli::ModelsCommand</name>
    <message>
        <source>Run `mantle models --help` for the options.</source>
        <translation>Ejecute `mantle models --help` para ver las opciones.</translation>
    </message>
    <message>
        <source>List the models of a region: live, catalogue and custom</source>
        <translation>Mostrar los modelos de una región: en vivo, del catálogo y personalizados</translation>
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
        <translation>Muestra los modelos de una región, un ID por línea: los modelos que ofrece la
región (su GET /v1/models en vivo), descritos por el catálogo integrado, más
los modelos personalizados y las modificaciones de la cuenta (--account) tal
como los muestra la vista Modelos de la aplicación. Si no se puede obtener la
lista en vivo, el comando falla; --offline muestra el catálogo y los modelos
personalizados sin hacer ninguna solicitud. --json imprime una matriz de
objetos (id, displayName, provider, surfaces, routePrefix, region, listedLive,
inCatalogue, custom, privatePrices, prices). Las credenciales se toman de la
cuenta o, si no, de AWS_BEARER_TOKEN_BEDROCK o, si no, de AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY y AWS_SESSION_TOKEN.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Mostrar esta ayuda.</translation>
    </message>
    <message>
        <source>Print a table: id, surfaces, route prefix, region, source (live, catalogue or custom), input and output price per million tokens.</source>
        <translation>Imprimir una tabla: ID, API, prefijo de ruta, región, origen (en vivo, catálogo o personalizado), precio de entrada y de salida por millón de tokens.</translation>
    </message>
    <message>
        <source>Send no request: list the built-in catalogue and the account&apos;s custom models.</source>
        <translation>No enviar ninguna solicitud: mostrar el catálogo integrado y los modelos personalizados de la cuenta.</translation>
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
        <translation>--details y --json no se pueden combinar.</translation>
    </message>
</context>
<context>
    <name>mantle::cli::RegionsCommand</name>
    <message>
        <source>Run `mantle regions --help` for the options.</source>
        <translation>Ejecute `mantle regions --help` para ver las opciones.</translation>
    </message>
    <message>
        <source>Which of the 13 regions serve a model, with a latency probe</source>
        <translation>Cuáles de las 13 regiones ofrecen un modelo, con medición de latencia</translation>
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
        <translation>Pide a la vez a las 13 regiones de Mantle su lista de modelos en vivo
(GET /v1/models) e imprime una fila por región: la región, su nombre, si incluye el
modelo (--model) en la lista, cuántos modelos incluye, la medición de latencia
(milisegundos hasta el primer byte de la respuesta de la lista, incluido el
establecimiento de la conexión) y el error de una región que falló. --json imprime
{model, shared_endpoint, answered, serving, regions: [{region, name, status,
serves_model, models_listed, latency_ms, error}]}. El código de salida es 0 si al
menos una región respondió; si no, 1. Las credenciales se toman de la cuenta o, si
no, de AWS_BEARER_TOKEN_BEDROCK o, si no, de AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY y AWS_SESSION_TOKEN; con SigV4, la solicitud de cada región se
firma para esa región.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Mostrar esta ayuda.</translation>
    </message>
    <message>
        <source>The model to look for in each region&apos;s list.</source>
        <translation>El modelo que se busca en la lista de cada región.</translation>
    </message>
    <message>
        <source>An account of the app (see `mantle accounts`).</source>
        <translation>Una cuenta de la aplicación (consulte `mantle accounts`).</translation>
    </message>
    <message>
        <source>Send every region&apos;s request to this root URL instead of the region&apos;s own (plain http only to loopback).</source>
        <translation>Enviar la solicitud de cada región a esta URL raíz en lugar de a la propia de la región (http sin cifrar solo hacia loopback).</translation>
    </message>
    <message>
        <source>Print the result as JSON instead of a table.</source>
        <translation>Imprimir el resultado como JSON en lugar de una tabla.</translation>
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
        <translation>--account no puede estar vacío.</translation>
    </message>
    <message>
        <source>--endpoint: %1</source>
        <translation>--endpoint: %1</translation>
    </message>
    <message>
        <source>--model must not be empty.</source>
        <translation>--model no puede estar vacío.</translation>
    </message>
</context>
<context>
    <name>mantle::cli::ReplayCommand</name>
    <message>
        <source>Run `mantle replay --help` for the options.</source>
        <translation>Ejecute `mantle replay --help` para ver las opciones.</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2.</source>
        <translation>No se puede leer “%1”: %2.</translation>
    </message>
    <message>
        <source>Read a recorded stream or answer body and print the turn as JSON</source>
        <translation>Leer una transmisión o un cuerpo de respuesta grabados e imprimir el turno como JSON</translation>
    </message>
    <message>
        <source>Feeds a recorded server-sent event stream (or a non-streamed JSON answer body)
through the parser and accumulator of one API and prints the final turn as
JSON: {text, reasoning, tool_calls, usage, stop_reason, response_id, error}.
An error the stream reports is part of the turn; the exit code is still 0.</source>
        <translation>Pasa una transmisión de eventos enviados por el servidor grabada (o un cuerpo
de respuesta JSON sin transmisión) por el analizador y el acumulador de una API
e imprime el turno final como JSON: {text, reasoning, tool_calls, usage,
stop_reason, response_id, error}. Un error que notifique la transmisión forma
parte del turno; el código de salida sigue siendo 0.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Mostrar esta ayuda.</translation>
    </message>
    <message>
        <source>The API that produced the recording: chat, responses or messages.</source>
        <translation>La API que produjo la grabación: chat, responses o messages.</translation>
    </message>
    <message>
        <source>The recorded stream or answer body.</source>
        <translation>La transmisión o el cuerpo de respuesta grabados.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Uso: %1</translation>
    </message>
    <message>
        <source>--api is required (chat, responses or messages).</source>
        <translation>--api es obligatorio (chat, responses o messages).</translation>
    </message>
    <message>
        <source>--api “%1” is not one of chat, responses, messages.</source>
        <translation>--api “%1” no es ninguno de chat, responses, messages.</translation>
    </message>
    <message>
        <source>name the FILE to replay.</source>
        <translation>indique el FILE que se va a reproducir.</translation>
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
        <translation>Enviar un prompt con la API Chat Completions e imprimir la respuesta</translation>
    </message>
    <message>
        <source>Send a prompt with the Responses API and print the answer</source>
        <translation>Enviar un prompt con la API Responses e imprimir la respuesta</translation>
    </message>
    <message>
        <source>Send a prompt with the Anthropic Messages API and print the answer</source>
        <translation>Enviar un prompt con la API Anthropic Messages e imprimir la respuesta</translation>
    </message>
    <message>
        <source>Count the input tokens of a Messages request</source>
        <translation>Contar los tokens de entrada de una solicitud de Messages</translation>
    </message>
    <message>
        <source>Run `mantle %1 --help` for the options.</source>
        <translation>Ejecute `mantle %1 --help` para ver las opciones.</translation>
    </message>
    <message>
        <source>%1.
Credentials come from AWS_BEARER_TOKEN_BEDROCK, else AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.</source>
        <translation>%1.
Las credenciales se toman de AWS_BEARER_TOKEN_BEDROCK o, si no, de
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY y AWS_SESSION_TOKEN.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Mostrar esta ayuda.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Uso: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1” (the stored-response actions are get, delete and cancel).</source>
        <translation>argumento inesperado “%1” (las acciones sobre respuestas almacenadas son get, delete y cancel).</translation>
    </message>
    <message>
        <source>%1 takes exactly one response id.</source>
        <translation>%1 admite exactamente un ID de respuesta.</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>argumento inesperado “%1”.</translation>
    </message>
    <message>
        <source>count-tokens does not stream.</source>
        <translation>count-tokens no transmite.</translation>
    </message>
</context>
<context>
    <name>mantle::cli::RequestOptions</name>
    <message>
        <source>%1: cannot read “%2”: %3.</source>
        <translation>%1: no se puede leer “%2”: %3.</translation>
    </message>
    <message>
        <source>%1: “%2” is not JSON (%3 at byte %4).</source>
        <translation>%1: “%2” no es JSON (%3 en el byte %4).</translation>
    </message>
    <message>
        <source>--tools: “%1” must hold a JSON array of tools.</source>
        <translation>--tools: “%1” debe contener una matriz JSON de herramientas.</translation>
    </message>
    <message>
        <source>The model id, e.g. openai.gpt-oss-120b.</source>
        <translation>El ID del modelo; p. ej., openai.gpt-oss-120b.</translation>
    </message>
    <message>
        <source>The prompt (read from stdin when absent).</source>
        <translation>El prompt (se lee de stdin si falta).</translation>
    </message>
    <message>
        <source>The system prompt.</source>
        <translation>El prompt del sistema.</translation>
    </message>
    <message>
        <source>The most tokens to generate.</source>
        <translation>El número máximo de tokens que se generan.</translation>
    </message>
    <message>
        <source>The sampling temperature, 0 to 2.</source>
        <translation>La temperatura de muestreo, de 0 a 2.</translation>
    </message>
    <message>
        <source>How hard a reasoning model thinks: low, medium or high.</source>
        <translation>Cuánto piensa un modelo de razonamiento: low, medium o high.</translation>
    </message>
    <message>
        <source>A JSON file with an array of tools in the API&apos;s own shape.</source>
        <translation>Un archivo JSON con una matriz de herramientas en el formato propio de la API.</translation>
    </message>
    <message>
        <source>auto, none, required or the name of a tool to call.</source>
        <translation>auto, none, required o el nombre de una herramienta que se llama.</translation>
    </message>
    <message>
        <source>A JSON Schema file the answer must follow (structured output).</source>
        <translation>Un archivo JSON Schema que la respuesta debe seguir (salida estructurada).</translation>
    </message>
    <message>
        <source>Continue from a stored response (responses only).</source>
        <translation>Continuar desde una respuesta almacenada (solo responses).</translation>
    </message>
    <message>
        <source>Ask the server not to store the response (responses only).</source>
        <translation>Pedir al servidor que no almacene la respuesta (solo responses).</translation>
    </message>
    <message>
        <source>Run the response in the background and follow it until it is done (responses only).</source>
        <translation>Ejecutar la respuesta en segundo plano y seguirla hasta que termine (solo responses).</translation>
    </message>
    <message>
        <source>Stream the answer, printing text as it comes.</source>
        <translation>Transmitir la respuesta, imprimiendo el texto a medida que llega.</translation>
    </message>
    <message>
        <source>Print the final turn as JSON instead of the text.</source>
        <translation>Imprimir el turno final como JSON en lugar del texto.</translation>
    </message>
    <message>
        <source>The AWS region (default: AWS_REGION or AWS_DEFAULT_REGION).</source>
        <translation>La región de AWS (predeterminada: AWS_REGION o AWS_DEFAULT_REGION).</translation>
    </message>
    <message>
        <source>The root URL to send to instead of the region&apos;s Mantle host.</source>
        <translation>La URL raíz a la que enviar en lugar del host de Mantle de la región.</translation>
    </message>
    <message>
        <source>An account of the app (see `mantle accounts`).</source>
        <translation>Una cuenta de la aplicación (consulte `mantle accounts`).</translation>
    </message>
    <message>
        <source>--account must not be empty.</source>
        <translation>--account no puede estar vacío.</translation>
    </message>
    <message>
        <source>--region must not be empty.</source>
        <translation>--region no puede estar vacío.</translation>
    </message>
    <message>
        <source>--endpoint: %1</source>
        <translation>--endpoint: %1</translation>
    </message>
    <message>
        <source>--model is required.</source>
        <translation>--model es obligatorio.</translation>
    </message>
    <message>
        <source>give the prompt with --prompt TEXT or on stdin.</source>
        <translation>indique el prompt con --prompt TEXT o en stdin.</translation>
    </message>
    <message>
        <source>--max-tokens takes a positive whole number, not “%1”.</source>
        <translation>--max-tokens admite un número entero positivo, no “%1”.</translation>
    </message>
    <message>
        <source>--temperature takes a number from 0 to 2, not “%1”.</source>
        <translation>--temperature admite un número de 0 a 2, no “%1”.</translation>
    </message>
    <message>
        <source>--reasoning-effort takes low, medium or high, not “%1”.</source>
        <translation>--reasoning-effort admite low, medium o high, no “%1”.</translation>
    </message>
    <message>
        <source>--tool-choice takes auto, none, required or a tool&apos;s name.</source>
        <translation>--tool-choice admite auto, none, required o el nombre de una herramienta.</translation>
    </message>
    <message>
        <source>--schema: “%1” must hold a JSON Schema object.</source>
        <translation>--schema: “%1” debe contener un objeto JSON Schema.</translation>
    </message>
    <message>
        <source>--background is for the responses command only.</source>
        <translation>--background solo es para el comando responses.</translation>
    </message>
    <message>
        <source>--background and --stream do not go together: a background response is followed by asking for it until it is done.</source>
        <translation>--background y --stream no se pueden combinar: una respuesta en segundo plano se sigue consultándola hasta que termina.</translation>
    </message>
    <message>
        <source>--background needs the response stored: drop --no-store.</source>
        <translation>--background necesita que la respuesta se almacene: quite --no-store.</translation>
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
        <translation>No hay región: indique --region R o defina AWS_REGION.</translation>
    </message>
    <message>
        <source>AWS profiles are not supported by the CLI yet (%1 is set).</source>
        <translation>La CLI todavía no admite perfiles de AWS (%1 está definida).</translation>
    </message>
    <message>
        <source>Export the profile&apos;s keys as AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (for example with `aws configure export-credentials --format env`), or set AWS_BEARER_TOKEN_BEDROCK.</source>
        <translation>Exporte las claves del perfil como AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY y AWS_SESSION_TOKEN (por ejemplo, con `aws configure export-credentials --format env`) o defina AWS_BEARER_TOKEN_BEDROCK.</translation>
    </message>
    <message>
        <source>No credentials in the environment.</source>
        <translation>No hay credenciales en el entorno.</translation>
    </message>
    <message>
        <source>Set AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials).</source>
        <translation>Asigne a AWS_BEARER_TOKEN_BEDROCK una clave de API de Bedrock, o defina AWS_ACCESS_KEY_ID y AWS_SECRET_ACCESS_KEY (y AWS_SESSION_TOKEN para credenciales temporales).</translation>
    </message>
    <message>
        <source>No region: give --region R, --account A or set AWS_REGION.</source>
        <translation>No hay región: indique --region R o --account A, o defina AWS_REGION.</translation>
    </message>
    <message>
        <source>Tool call %1: %2 %3</source>
        <translation>Llamada a herramienta %1: %2 %3</translation>
    </message>
    <message>
        <source>The answer ended with an error: %1</source>
        <translation>La respuesta terminó con un error: %1</translation>
    </message>
    <message>
        <source>Background response %1: %2</source>
        <translation>Respuesta en segundo plano %1: %2</translation>
    </message>
    <message>
        <source>Deleted %1.</source>
        <translation>Se eliminó %1.</translation>
    </message>
    <message>
        <source>Response %1: %2</source>
        <translation>Respuesta %1: %2</translation>
    </message>
    <message>
        <source>The count tokens answer has no input_tokens.</source>
        <translation>La respuesta del recuento de tokens no tiene input_tokens.</translation>
    </message>
    <message>
        <source>No region answered.</source>
        <translation>Ninguna región respondió.</translation>
    </message>
</context>
<context>
    <name>mantle::cli::SignCommand</name>
    <message>
        <source>Run `mantle sign --help` for the options.</source>
        <translation>Ejecute `mantle sign --help` para ver las opciones.</translation>
    </message>
    <message>
        <source>Sign a request with SigV4 and print the signature as JSON</source>
        <translation>Firmar una solicitud con SigV4 e imprimir la firma como JSON</translation>
    </message>
    <message>
        <source>Signs one HTTP request with AWS Signature Version 4 and prints JSON:
{canonical_request, string_to_sign, signature, authorization, headers, url}.
Credentials come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
AWS_SESSION_TOKEN; nothing is sent.</source>
        <translation>Firma una solicitud HTTP con AWS Signature Version 4 e imprime JSON:
{canonical_request, string_to_sign, signature, authorization, headers, url}.
Las credenciales se toman de AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY y
AWS_SESSION_TOKEN; no se envía nada.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Mostrar esta ayuda.</translation>
    </message>
    <message>
        <source>The HTTP method (GET).</source>
        <translation>El método HTTP (GET).</translation>
    </message>
    <message>
        <source>The full request URL.</source>
        <translation>La URL completa de la solicitud.</translation>
    </message>
    <message>
        <source>A header to sign, as &apos;Name: value&apos; (repeatable).</source>
        <translation>Un encabezado que se firma, como &apos;Name: value&apos; (se puede repetir).</translation>
    </message>
    <message>
        <source>A file whose bytes are the request body.</source>
        <translation>Un archivo cuyos bytes son el cuerpo de la solicitud.</translation>
    </message>
    <message>
        <source>The signing region.</source>
        <translation>La región de firma.</translation>
    </message>
    <message>
        <source>The signing service (bedrock-mantle).</source>
        <translation>El servicio de firma (bedrock-mantle).</translation>
    </message>
    <message>
        <source>The signing time, YYYYMMDDTHHMMSSZ (now).</source>
        <translation>La hora de firma, YYYYMMDDTHHMMSSZ (ahora).</translation>
    </message>
    <message>
        <source>Do not add and sign the x-amz-content-sha256 header.</source>
        <translation>No agregar ni firmar el encabezado x-amz-content-sha256.</translation>
    </message>
    <message>
        <source>Sign as a presigned URL valid for SECONDS instead of with a header.</source>
        <translation>Firmar como URL prefirmada válida durante SECONDS en lugar de con un encabezado.</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>argumento inesperado “%1”.</translation>
    </message>
    <message>
        <source>--url is required.</source>
        <translation>--url es obligatorio.</translation>
    </message>
    <message>
        <source>--region is required.</source>
        <translation>--region es obligatorio.</translation>
    </message>
    <message>
        <source>“%1” is not a region code such as us-east-1.</source>
        <translation>“%1” no es un código de región como us-east-1.</translation>
    </message>
    <message>
        <source>Mantle is not served in “%1”. Its regions are: %2.</source>
        <translation>Mantle no se ofrece en “%1”. Sus regiones son: %2.</translation>
    </message>
    <message>
        <source>“%1” is not a service name.</source>
        <translation>“%1” no es un nombre de servicio.</translation>
    </message>
    <message>
        <source>--time “%1” is not of the form YYYYMMDDTHHMMSSZ (for example 20260101T120000Z).</source>
        <translation>--time “%1” no tiene el formato YYYYMMDDTHHMMSSZ (por ejemplo, 20260101T120000Z).</translation>
    </message>
    <message>
        <source>--presign takes a number of seconds from 1 to 604800.</source>
        <translation>--presign admite un número de segundos de 1 a 604800.</translation>
    </message>
    <message>
        <source>--method must not be empty.</source>
        <translation>--method no puede estar vacío.</translation>
    </message>
    <message>
        <source>--header “%1” is not of the form &apos;Name: value&apos;.</source>
        <translation>--header “%1” no tiene el formato &apos;Name: value&apos;.</translation>
    </message>
    <message>
        <source>Cannot read the body file “%1”: %2.</source>
        <translation>No se puede leer el archivo de cuerpo “%1”: %2.</translation>
    </message>
    <message>
        <source>No AWS credentials in the environment.</source>
        <translation>No hay credenciales de AWS en el entorno.</translation>
    </message>
    <message>
        <source>Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials).</source>
        <translation>Defina AWS_ACCESS_KEY_ID y AWS_SECRET_ACCESS_KEY (y AWS_SESSION_TOKEN para credenciales temporales).</translation>
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
        <translation>--spec: no se puede leer “%1”: %2.</translation>
    </message>
    <message>
        <source>--spec: “%1” does not hold a JSON object.</source>
        <translation>--spec: “%1” no contiene un objeto JSON.</translation>
    </message>
    <message>
        <source>--spec: %1</source>
        <translation>--spec: %1</translation>
    </message>
    <message>
        <source>Print a request as a program (Python, TypeScript, curl)</source>
        <translation>Imprimir una solicitud como programa (Python, TypeScript, curl)</translation>
    </message>
    <message>
        <source>Run `mantle snippet --help` for the options.</source>
        <translation>Ejecute `mantle snippet --help` para ver las opciones.</translation>
    </message>
    <message>
        <source>%1.
The program reads its credentials from the environment when it runs
(AWS_BEARER_TOKEN_BEDROCK, or the AWS_* key variables or AWS_PROFILE for SigV4);
this command reads none and sends nothing.</source>
        <translation>%1.
El programa lee sus credenciales del entorno al ejecutarse
(AWS_BEARER_TOKEN_BEDROCK, o las variables de claves AWS_* o AWS_PROFILE para
SigV4); este comando no lee ninguna y no envía nada.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Mostrar esta ayuda.</translation>
    </message>
    <message>
        <source>The API: %1.</source>
        <translation>La API: %1.</translation>
    </message>
    <message>
        <source>The language: %1.</source>
        <translation>El lenguaje: %1.</translation>
    </message>
    <message>
        <source>A request description (RequestSpec JSON) instead of the request flags.</source>
        <translation>Una descripción de la solicitud (JSON de RequestSpec) en lugar de las opciones de solicitud.</translation>
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
        <translation>--lang es obligatorio (%1).</translation>
    </message>
    <message>
        <source>--lang takes %1, not “%2”.</source>
        <translation>--lang admite %1, no “%2”.</translation>
    </message>
    <message>
        <source>--api takes %1, not “%2”.</source>
        <translation>--api admite %1, no “%2”.</translation>
    </message>
    <message>
        <source>--spec replaces --%1: give one or the other.</source>
        <translation>--spec sustituye a --%1: indique uno u otro.</translation>
    </message>
    <message>
        <source>--api %1 does not match the spec&apos;s API (%2).</source>
        <translation>--api %1 no coincide con la API de la especificación (%2).</translation>
    </message>
    <message>
        <source>--api is required (%1).</source>
        <translation>--api es obligatorio (%1).</translation>
    </message>
</context>
<context>
    <name>mantle::cli::TokenCommand</name>
    <message>
        <source>Run `mantle token --help` for the options.</source>
        <translation>Ejecute `mantle token --help` para ver las opciones.</translation>
    </message>
    <message>
        <source>A short-term API key is made from SigV4 credentials (access keys or a role), not from another API key: use such an account, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN).</source>
        <translation>Una clave de API a corto plazo se crea a partir de credenciales de SigV4 (claves de acceso o un rol), no de otra clave de API: use una cuenta de ese tipo o defina AWS_ACCESS_KEY_ID y AWS_SECRET_ACCESS_KEY (y AWS_SESSION_TOKEN).</translation>
    </message>
    <message>
        <source>Make a short-term Bedrock API key from SigV4 credentials</source>
        <translation>Crear una clave de API de Bedrock a corto plazo a partir de credenciales de SigV4</translation>
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
        <translation>Crea localmente una clave de API de Bedrock a corto plazo (&quot;bedrock-api-key-…&quot;,
válida hasta 12 horas y en una sola región) a partir de credenciales de SigV4, como
hacen los generadores de tokens de AWS, y la imprime sola en stdout, de modo que
  export AWS_BEARER_TOKEN_BEDROCK=$(mantle token --region us-east-1)
funciona; su caducidad y su región van a stderr. Las credenciales se toman de la
cuenta (--account: claves de acceso o un rol asumido mediante STS) o, si no, de
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY y AWS_SESSION_TOKEN. Si las credenciales
temporales caducan antes, la vida de la clave se acorta a la de ellas. La clave es
válida sea cual sea el punto de enlace al que vaya una solicitud; --endpoint se
acepta por simetría con los demás comandos.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Mostrar esta ayuda.</translation>
    </message>
    <message>
        <source>How long the key lives, in seconds: %1 to %2 (the default).</source>
        <translation>Cuánto dura la clave, en segundos: de %1 a %2 (el valor predeterminado).</translation>
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
        <translation>--expires-in admite segundos de %1 a %2, no “%3”.</translation>
    </message>
    <message>
        <source>The account “%1” uses an API key: it has no SigV4 credentials.</source>
        <translation>La cuenta “%1” usa una clave de API: no tiene credenciales de SigV4.</translation>
    </message>
    <message>
        <source>The environment has an API key (AWS_BEARER_TOKEN_BEDROCK) but no SigV4 credentials.</source>
        <translation>El entorno tiene una clave de API (AWS_BEARER_TOKEN_BEDROCK), pero no credenciales de SigV4.</translation>
    </message>
    <message>
        <source>No credentials in the environment.</source>
        <translation>No hay credenciales en el entorno.</translation>
    </message>
    <message>
        <source>Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials), or give --account A.</source>
        <translation>Defina AWS_ACCESS_KEY_ID y AWS_SECRET_ACCESS_KEY (y AWS_SESSION_TOKEN para credenciales temporales) o indique --account A.</translation>
    </message>
    <message>
        <source>No region: give --region R, --account A or set AWS_REGION.</source>
        <translation>No hay región: indique --region R o --account A, o defina AWS_REGION.</translation>
    </message>
    <message>
        <source>“%1” is not one of Mantle&apos;s regions.</source>
        <translation>“%1” no es una de las regiones de Mantle.</translation>
    </message>
    <message>
        <source>expires at %1 (region %2)</source>
        <translation>caduca el %1 (región %2)</translation>
    </message>
    <message>
        <source>The key lives %1 seconds only: the temporary credentials it was made from expire then.</source>
        <translation>La clave dura solo %1 segundos: las credenciales temporales a partir de las que se creó caducan entonces.</translation>
    </message>
</context>
<context>
    <name>mantle::codeexport::SnippetGenerator</name>
    <message>
        <source>A %1 request cannot be exported as %2.</source>
        <translation>Una solicitud %1 no se puede exportar como %2.</translation>
    </message>
    <message>
        <source>No language fits this API.</source>
        <translation>Ningún lenguaje es adecuado para esta API.</translation>
    </message>
    <message>
        <source>Languages that fit: %1.</source>
        <translation>Lenguajes adecuados: %1.</translation>
    </message>
    <message>
        <source>Unknown snippet language.</source>
        <translation>Lenguaje de fragmento desconocido.</translation>
    </message>
</context>
<context>
    <name>mantle::compare::CompareRun</name>
    <message>
        <source>No target to compare.</source>
        <translation>No hay ningún destino que comparar.</translation>
    </message>
    <message>
        <source>Add at least one target.</source>
        <translation>Agregue al menos un destino.</translation>
    </message>
    <message>
        <source>%1 targets are too many: at most %2 are compared at once.</source>
        <translation>%1 destinos son demasiados: como máximo se comparan %2 a la vez.</translation>
    </message>
    <message>
        <source>Remove some targets.</source>
        <translation>Quite algunos destinos.</translation>
    </message>
    <message>
        <source>Target %1 names no model.</source>
        <translation>El destino %1 no indica ningún modelo.</translation>
    </message>
    <message>
        <source>Target %1 uses the %2 API, which gives no answer.</source>
        <translation>El destino %1 usa la API %2, que no da respuestas.</translation>
    </message>
    <message>
        <source>The target “%1” is given twice.</source>
        <translation>El destino “%1” aparece dos veces.</translation>
    </message>
    <message>
        <source>No way to resolve the target is set.</source>
        <translation>No se ha establecido ninguna forma de resolver el destino.</translation>
    </message>
    <message>
        <source>The comparison was cancelled.</source>
        <translation>Se canceló la comparación.</translation>
    </message>
</context>
<context>
    <name>mantle::compare::CompareTarget</name>
    <message>
        <source>A target reads like api=chat,model=openai.gpt-oss-120b,region=us-east-1,account=NAME.</source>
        <translation>Un destino tiene el formato api=chat,model=openai.gpt-oss-120b,region=us-east-1,account=NAME.</translation>
    </message>
    <message>
        <source>The target item “%1” is not of the form key=value.</source>
        <translation>El elemento de destino “%1” no tiene el formato key=value.</translation>
    </message>
    <message>
        <source>The target item “%1” has an unknown key (the keys are api, model, region and account).</source>
        <translation>El elemento de destino “%1” tiene una clave desconocida (las claves son api, model, region y account).</translation>
    </message>
    <message>
        <source>The target item “%1” repeats the key “%2”.</source>
        <translation>El elemento de destino “%1” repite la clave “%2”.</translation>
    </message>
    <message>
        <source>The target item “%1” has no value.</source>
        <translation>El elemento de destino “%1” no tiene valor.</translation>
    </message>
    <message>
        <source>The target item “%1” names no answer API (the APIs are chat, responses and messages).</source>
        <translation>El elemento de destino “%1” no indica ninguna API de respuesta (las API son chat, responses y messages).</translation>
    </message>
    <message>
        <source>The target “%1” names no model.</source>
        <translation>El destino “%1” no indica ningún modelo.</translation>
    </message>
</context>
<context>
    <name>mantle::compare::RegionMatrix</name>
    <message>
        <source>Unknown error.</source>
        <translation>Error desconocido.</translation>
    </message>
    <message>
        <source>No way to reach the region.</source>
        <translation>No hay forma de llegar a la región.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Detenido.</translation>
    </message>
</context>
<context>
    <name>mantle::emulator::EmulatorProgram</name>
    <message>
        <source>Run `%1 --help` for the options.</source>
        <translation>Ejecute `%1 --help` para ver las opciones.</translation>
    </message>
    <message>
        <source>A local Amazon Bedrock Mantle on 127.0.0.1, for tests and demos.
It accepts SigV4 with the access key id AKIDMANTLEEMULATOR and the secret
mantle-emulator-secret, and the API key mantle-emulator-key (Authorization:
Bearer, or x-api-key under /anthropic). A request can ask for faults with the
header x-emulator-fault (latency=MS; status=CODE; retry-after=S; access-denied;
wrong-prefix; drop-after=N; malformed-after=N; stall-after=N) and for a pace
between stream events with x-emulator-pace: MS.</source>
        <translation>Un Amazon Bedrock Mantle local en 127.0.0.1, para pruebas y demostraciones.
Acepta SigV4 con el ID de clave de acceso AKIDMANTLEEMULATOR y el secreto
mantle-emulator-secret, y la clave de API mantle-emulator-key (Authorization:
Bearer, o x-api-key bajo /anthropic). Una solicitud puede pedir fallos con el
encabezado x-emulator-fault (latency=MS; status=CODE; retry-after=S;
access-denied; wrong-prefix; drop-after=N; malformed-after=N; stall-after=N) y
una pausa entre eventos de la transmisión con x-emulator-pace: MS.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Mostrar esta ayuda.</translation>
    </message>
    <message>
        <source>The port on 127.0.0.1 (0, the default, picks a free one).</source>
        <translation>El puerto en 127.0.0.1 (0, el predeterminado, elige uno libre).</translation>
    </message>
    <message>
        <source>The region of requests whose signature or Host names none (default us-east-1).</source>
        <translation>La región de las solicitudes cuya firma o Host no indica ninguna (predeterminada: us-east-1).</translation>
    </message>
    <message>
        <source>Milliseconds between two events of a streamed answer (default 0: all at once); a request&apos;s x-emulator-pace header overrides it.</source>
        <translation>Milisegundos entre dos eventos de una respuesta transmitida (predeterminado: 0, todo a la vez); el encabezado x-emulator-pace de una solicitud lo anula.</translation>
    </message>
    <message>
        <source>Stream without chunked encoding, ending each stream by closing the connection.</source>
        <translation>Transmitir sin codificación fragmentada, terminando cada transmisión al cerrar la conexión.</translation>
    </message>
    <message>
        <source>Log every request on standard error.</source>
        <translation>Registrar cada solicitud en la salida de error estándar.</translation>
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
        <translation>--port admite un número de 0 a 65535, no “%1”.</translation>
    </message>
    <message>
        <source>--region must be one of the Mantle regions (%1), not “%2”.</source>
        <translation>--region debe ser una de las regiones de Mantle (%1), no “%2”.</translation>
    </message>
    <message>
        <source>--pace-ms takes milliseconds from 0 to %1, not “%2”.</source>
        <translation>--pace-ms admite milisegundos de 0 a %1, no “%2”.</translation>
    </message>
    <message>
        <source>%1: cannot listen on 127.0.0.1:%2: %3</source>
        <translation>%1: no se puede escuchar en 127.0.0.1:%2: %3</translation>
    </message>
</context>
<context>
    <name>mantle::emulator::FaultPlan</name>
    <message>
        <source>The fault “%1” takes no value.</source>
        <translation>El fallo “%1” no admite ningún valor.</translation>
    </message>
    <message>
        <source>The fault “%1” needs a value (%1=N).</source>
        <translation>El fallo “%1” necesita un valor (%1=N).</translation>
    </message>
    <message>
        <source>Unknown fault “%1” (known: latency, status, retry-after, access-denied, wrong-prefix, drop-after, malformed-after, stall-after).</source>
        <translation>Fallo desconocido “%1” (conocidos: latency, status, retry-after, access-denied, wrong-prefix, drop-after, malformed-after, stall-after).</translation>
    </message>
    <message>
        <source>The fault “%1” needs a number from %2 to %3, not “%4”.</source>
        <translation>El fallo “%1” necesita un número de %2 a %3, no “%4”.</translation>
    </message>
    <message>
        <source>The fault “retry-after” goes with a “status” fault.</source>
        <translation>El fallo “retry-after” va con un fallo “status”.</translation>
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
        <translation>Un total de costos no tiene un importe válido.</translation>
    </message>
    <message>
        <source>The cost ledger is not in %1.</source>
        <translation>El registro de costos no está en %1.</translation>
    </message>
    <message>
        <source>The cost ledger has an invalid day &quot;%1&quot;.</source>
        <translation>El registro de costos tiene un día no válido &quot;%1&quot;.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::Endpoint</name>
    <message>
        <source>Give the root URL to which /v1, /openai/v1 or /anthropic/v1 is added, such as https://bedrock-mantle.us-east-1.api.aws, or http://127.0.0.1:8080 for a local emulator.</source>
        <translation>Indique la URL raíz a la que se agrega /v1, /openai/v1 o /anthropic/v1, como https://bedrock-mantle.us-east-1.api.aws, o http://127.0.0.1:8080 para un emulador local.</translation>
    </message>
    <message>
        <source>Start it with https:// (or http:// for a local emulator on this computer).</source>
        <translation>Empiece por https:// (o http:// para un emulador local en este equipo).</translation>
    </message>
    <message>
        <source>No endpoint URL is given.</source>
        <translation>No se ha indicado ninguna URL de punto de enlace.</translation>
    </message>
    <message>
        <source>“%1” has no scheme.</source>
        <translation>“%1” no tiene esquema.</translation>
    </message>
    <message>
        <source>The endpoint URL contains a user name or password (the part before “@”).</source>
        <translation>La URL del punto de enlace contiene un nombre de usuario o una contraseña (la parte anterior a “@”).</translation>
    </message>
    <message>
        <source>Remove it: credentials belong in the account or the environment, never in the URL.</source>
        <translation>Quítelo: las credenciales van en la cuenta o en el entorno, nunca en la URL.</translation>
    </message>
    <message>
        <source>“%1” is not a valid URL.</source>
        <translation>“%1” no es una URL válida.</translation>
    </message>
    <message>
        <source>“%1” uses the scheme “%2”, which an endpoint cannot use.</source>
        <translation>“%1” usa el esquema “%2”, que un punto de enlace no puede usar.</translation>
    </message>
    <message>
        <source>“%1” has no host name.</source>
        <translation>“%1” no tiene nombre de host.</translation>
    </message>
    <message>
        <source>“%1” has an invalid port.</source>
        <translation>“%1” tiene un puerto no válido.</translation>
    </message>
    <message>
        <source>Give a port from 1 to 65535, or none for the scheme&apos;s default.</source>
        <translation>Indique un puerto de 1 a 65535, o ninguno para usar el predeterminado del esquema.</translation>
    </message>
    <message>
        <source>“%1” has a query (“?…”), which an endpoint cannot have.</source>
        <translation>“%1” tiene una consulta (“?…”), que un punto de enlace no puede tener.</translation>
    </message>
    <message>
        <source>“%1” has a fragment (“#…”), which an endpoint cannot have.</source>
        <translation>“%1” tiene un fragmento (“#…”), que un punto de enlace no puede tener.</translation>
    </message>
    <message>
        <source>“%1” uses plain http to %2, which is not this computer: credentials and prompts would travel unencrypted.</source>
        <translation>“%1” usa http sin cifrar hacia %2, que no es este equipo: las credenciales y los prompts viajarían sin cifrar.</translation>
    </message>
    <message>
        <source>Use https://. Plain http:// is only for a local emulator on 127.0.0.1, ::1 or localhost.</source>
        <translation>Use https://. http:// sin cifrar solo es para un emulador local en 127.0.0.1, ::1 o localhost.</translation>
    </message>
    <message>
        <source>“%1” has “.” or “..” in its path.</source>
        <translation>“%1” tiene “.” o “..” en su ruta.</translation>
    </message>
    <message>
        <source>Write the path prefix out in full, such as https://gateway.example.com/mantle.</source>
        <translation>Escriba el prefijo de ruta completo, como https://gateway.example.com/mantle.</translation>
    </message>
    <message>
        <source>“%1” already ends with the route “%2”, which is added to every request.</source>
        <translation>“%1” ya termina con la ruta “%2”, que se agrega a cada solicitud.</translation>
    </message>
    <message>
        <source>Give the root URL without it: %1</source>
        <translation>Indique la URL raíz sin ella: %1</translation>
    </message>
    <message>
        <source>No region is set.</source>
        <translation>No hay ninguna región configurada.</translation>
    </message>
    <message>
        <source>Choose one of the regions that serve Bedrock Mantle: %1.</source>
        <translation>Elija una de las regiones que ofrecen Bedrock Mantle: %1.</translation>
    </message>
    <message>
        <source>The region “%1” does not serve Bedrock Mantle.</source>
        <translation>La región “%1” no ofrece Bedrock Mantle.</translation>
    </message>
    <message>
        <source>“%1” is not an AWS region code.</source>
        <translation>“%1” no es un código de región de AWS.</translation>
    </message>
    <message>
        <source>Use one of the regions that serve Bedrock Mantle: %1.</source>
        <translation>Use una de las regiones que ofrecen Bedrock Mantle: %1.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelCatalogue</name>
    <message>
        <source>The model catalogue is not a JSON object: %1</source>
        <translation>El catálogo de modelos no es un objeto JSON: %1</translation>
    </message>
    <message>
        <source>The model catalogue has no &quot;models&quot; list.</source>
        <translation>El catálogo de modelos no tiene ninguna lista &quot;models&quot;.</translation>
    </message>
    <message>
        <source>The model catalogue lists %1 twice.</source>
        <translation>El catálogo de modelos incluye %1 dos veces.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelInfo</name>
    <message>
        <source>The surfaces must be a list of names such as &quot;chat&quot;.</source>
        <translation>Las API deben ser una lista de nombres como &quot;chat&quot;.</translation>
    </message>
    <message>
        <source>Unknown API surface &quot;%1&quot;; known are: %2.</source>
        <translation>API desconocida &quot;%1&quot;; las conocidas son: %2.</translation>
    </message>
    <message>
        <source>A model entry has no id.</source>
        <translation>Una entrada de modelo no tiene ID.</translation>
    </message>
    <message>
        <source>The context size of %1 must be a whole number of tokens.</source>
        <translation>El tamaño de contexto de %1 debe ser un número entero de tokens.</translation>
    </message>
    <message>
        <source>Model %1: %2</source>
        <translation>Modelo %1: %2</translation>
    </message>
    <message>
        <source>The prices of %1 must be an object or null.</source>
        <translation>Los precios de %1 deben ser un objeto o null.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelList</name>
    <message>
        <source>The model list answer is not an OpenAI-style list of models.</source>
        <translation>La respuesta con la lista de modelos no es una lista de modelos al estilo de OpenAI.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelPrices</name>
    <message>
        <source>The price &quot;%1&quot; must be a number of zero or more.</source>
        <translation>El precio &quot;%1&quot; debe ser un número mayor o igual que cero.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelSettings</name>
    <message>
        <source>A model setting has no valid model id (&quot;%1&quot;).</source>
        <translation>Un ajuste de modelo no tiene un ID de modelo válido (&quot;%1&quot;).</translation>
    </message>
    <message>
        <source>Model %1: %2 is not a Mantle region; Mantle serves %3.</source>
        <translation>Modelo %1: %2 no es una región de Mantle; Mantle se ofrece en %3.</translation>
    </message>
    <message>
        <source>Model %1: the route prefix must be &quot;v1&quot; or &quot;openai-v1&quot;.</source>
        <translation>Modelo %1: el prefijo de ruta debe ser &quot;v1&quot; u &quot;openai-v1&quot;.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a model id.</source>
        <translation>&quot;%1&quot; no es un ID de modelo.</translation>
    </message>
    <message>
        <source>Use the bare id that the model list shows, such as openai.gpt-oss-120b.</source>
        <translation>Use el ID sin prefijo ni sufijo que muestra la lista de modelos, como openai.gpt-oss-120b.</translation>
    </message>
    <message>
        <source>The model settings list %1 twice.</source>
        <translation>La configuración de modelos incluye %1 dos veces.</translation>
    </message>
    <message>
        <source>The model picker&apos;s list is not a list of model ids.</source>
        <translation>La lista del selector de modelos no es una lista de ID de modelo.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::RouteResolver</name>
    <message>
        <source>No model is chosen for the %1 request.</source>
        <translation>No se ha elegido ningún modelo para la solicitud %1.</translation>
    </message>
    <message>
        <source>Choose one of the models the region serves.</source>
        <translation>Elija uno de los modelos que ofrece la región.</translation>
    </message>
    <message>
        <source>“%1” is not a valid resource path.</source>
        <translation>“%1” no es una ruta de recurso válida.</translation>
    </message>
    <message>
        <source>Give non-empty path segments such as responses/resp_123/cancel, with anything but letters, digits and -._~ percent-encoded.</source>
        <translation>Indique segmentos de ruta no vacíos, como responses/resp_123/cancel, con todo lo que no sean letras, dígitos y -._~ codificado con porcentajes.</translation>
    </message>
</context>
<context>
    <name>mantle::net::HttpCall</name>
    <message>
        <source>The request to %1 was cancelled.</source>
        <translation>Se canceló la solicitud a %1.</translation>
    </message>
    <message>
        <source>There are no AWS credentials to sign the request to %1 with.</source>
        <translation>No hay credenciales de AWS con las que firmar la solicitud a %1.</translation>
    </message>
    <message>
        <source>Choose an account with AWS credentials, or use an API key.</source>
        <translation>Elija una cuenta con credenciales de AWS o use una clave de API.</translation>
    </message>
    <message>
        <source>Check the network connection and the proxy settings, then try again.</source>
        <translation>Compruebe la conexión de red y la configuración de proxy, y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>Could not connect to %1: the connection was refused.</source>
        <translation>No se pudo conectar con %1: se rechazó la conexión.</translation>
    </message>
    <message>
        <source>Check the endpoint URL and that nothing (a firewall, a proxy) blocks it.</source>
        <translation>Compruebe la URL del punto de enlace y que nada (un firewall, un proxy) la bloquea.</translation>
    </message>
    <message>
        <source>Could not find the host %1.</source>
        <translation>No se encontró el host %1.</translation>
    </message>
    <message>
        <source>Check the region or endpoint, the network connection and the DNS or proxy settings.</source>
        <translation>Compruebe la región o el punto de enlace, la conexión de red y la configuración de DNS o de proxy.</translation>
    </message>
    <message>
        <source>The connection to %1 was closed before the answer was complete.</source>
        <translation>La conexión con %1 se cerró antes de completarse la respuesta.</translation>
    </message>
    <message>
        <source>The secure connection to %1 failed: %2</source>
        <translation>Error en la conexión segura con %1: %2</translation>
    </message>
    <message>
        <source>A proxy that inspects TLS may be in the way, or the system&apos;s certificates may be out of date.</source>
        <translation>Puede que un proxy que inspecciona TLS se interponga, o que los certificados del sistema estén desactualizados.</translation>
    </message>
    <message>
        <source>Could not reach %1: %2</source>
        <translation>No se pudo acceder a %1: %2</translation>
    </message>
    <message>
        <source>Could not connect to %1 within %2 seconds.</source>
        <translation>No se pudo conectar con %1 en %2 segundos.</translation>
    </message>
    <message>
        <source>%1 sent nothing for %2 seconds, so the request was stopped.</source>
        <translation>%1 no envió nada durante %2 segundos, así que se detuvo la solicitud.</translation>
    </message>
</context>
<context>
    <name>mantle::net::SseParser</name>
    <message>
        <source>Server-sent events come in short lines. Check that the endpoint is the one you meant and that no proxy in between changes the answer.</source>
        <translation>Los eventos enviados por el servidor llegan en líneas cortas. Compruebe que el punto de enlace es el que pretendía y que ningún proxy intermedio modifica la respuesta.</translation>
    </message>
    <message>
        <source>The event stream sent a line longer than %1 and was stopped.</source>
        <translation>La transmisión de eventos envió una línea de más de %1 y se detuvo.</translation>
    </message>
    <message>
        <source>The event stream sent an event larger than %1 and was stopped.</source>
        <translation>La transmisión de eventos envió un evento de más de %1 y se detuvo.</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::BackgroundPoller</name>
    <message>
        <source>Stopped following the background response %1; it goes on running on the server.</source>
        <translation>Se dejó de seguir la respuesta en segundo plano %1; sigue ejecutándose en el servidor.</translation>
    </message>
    <message>
        <source>The background response %1 was still “%2” after %3 seconds.</source>
        <translation>La respuesta en segundo plano %1 seguía en “%2” después de %3 segundos.</translation>
    </message>
    <message>
        <source>It goes on running on the server: look it up later with its id.</source>
        <translation>Sigue ejecutándose en el servidor: consúltela más tarde con su ID.</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::MantleCall</name>
    <message>
        <source>The request was cancelled.</source>
        <translation>Se canceló la solicitud.</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::RequestRecord</name>
    <message>
        <source>a [name, value] pair</source>
        <translation>un par [nombre, valor]</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::RouteMemory</name>
    <message>
        <source>Could not read the learned routes in %1: %2</source>
        <translation>No se pudieron leer las rutas memorizadas en %1: %2</translation>
    </message>
    <message>
        <source>The learned routes in %1 are not valid JSON.</source>
        <translation>Las rutas memorizadas en %1 no son JSON válido.</translation>
    </message>
    <message>
        <source>Delete the file; routes are learned again as needed.</source>
        <translation>Elimine el archivo; las rutas se vuelven a memorizar cuando hace falta.</translation>
    </message>
    <message>
        <source>Could not save the learned routes to %1: %2</source>
        <translation>No se pudieron guardar las rutas memorizadas en %1: %2</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::StoredResponseCall</name>
    <message>
        <source>The server did not confirm that the response %1 was deleted.</source>
        <translation>El servidor no confirmó que se eliminara la respuesta %1.</translation>
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
        <translation>Los tokens solo se cuentan para solicitudes de Messages, no para %1.</translation>
    </message>
    <message>
        <source>The count tokens answer has no input_tokens.</source>
        <translation>La respuesta del recuento de tokens no tiene input_tokens.</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::TurnCall</name>
    <message>
        <source>The %1 API takes no request body.</source>
        <translation>La API %1 no admite cuerpo de solicitud.</translation>
    </message>
    <message>
        <source>The %1 API does not answer with a turn.</source>
        <translation>La API %1 no responde con un turno.</translation>
    </message>
    <message>
        <source>The request was cancelled.</source>
        <translation>Se canceló la solicitud.</translation>
    </message>
    <message>
        <source>The stream from %1 ended before the answer was complete: its final event never came.</source>
        <translation>La transmisión de %1 terminó antes de que la respuesta estuviera completa: su evento final nunca llegó.</translation>
    </message>
    <message>
        <source>What arrived is kept; try the request again.</source>
        <translation>Lo recibido se conserva; vuelva a intentar la solicitud.</translation>
    </message>
</context>
<context>
    <name>mantle::schema::SchemaValidator</name>
    <message>
        <source>an integer</source>
        <translation>un entero</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>un número</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>una cadena</translation>
    </message>
    <message>
        <source>a boolean</source>
        <translation>un booleano</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>an array</source>
        <translation>una matriz</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>un objeto</translation>
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
        <translation>%1 o %2</translation>
    </message>
    <message>
        <source>%1 is not allowed here</source>
        <translation>%1 no se permite aquí</translation>
    </message>
    <message>
        <source>expected %1, got %2</source>
        <translation>se esperaba %1 y se obtuvo %2</translation>
    </message>
    <message>
        <source>the required property &quot;%1&quot; is missing</source>
        <translation>falta la propiedad obligatoria &quot;%1&quot;</translation>
    </message>
    <message>
        <source>the property &quot;%1&quot; is not allowed (additionalProperties)</source>
        <translation>la propiedad &quot;%1&quot; no se permite (additionalProperties)</translation>
    </message>
    <message>
        <source>%1 is not one of the allowed values %2</source>
        <translation>%1 no es ninguno de los valores permitidos %2</translation>
    </message>
    <message>
        <source>%1 is not one of the allowed values</source>
        <translation>%1 no es ninguno de los valores permitidos</translation>
    </message>
    <message>
        <source>%1 is not the expected value</source>
        <translation>%1 no es el valor esperado</translation>
    </message>
    <message>
        <source>%1 is above the maximum %2</source>
        <translation>%1 supera el máximo %2</translation>
    </message>
    <message>
        <source>%1 must be less than %2</source>
        <translation>%1 debe ser menor que %2</translation>
    </message>
    <message>
        <source>%1 is below the minimum %2</source>
        <translation>%1 está por debajo del mínimo %2</translation>
    </message>
    <message>
        <source>%1 must be greater than %2</source>
        <translation>%1 debe ser mayor que %2</translation>
    </message>
    <message>
        <source>%1 is not a multiple of %2</source>
        <translation>%1 no es múltiplo de %2</translation>
    </message>
    <message>
        <source>has %1 items, at most %2 allowed</source>
        <translation>tiene %1 elementos; se permiten como máximo %2</translation>
    </message>
    <message>
        <source>has %1 items, at least %2 needed</source>
        <translation>tiene %1 elementos; se necesitan al menos %2</translation>
    </message>
    <message>
        <source>the text is longer than %1 characters</source>
        <translation>el texto tiene más de %1 caracteres</translation>
    </message>
    <message>
        <source>the text is shorter than %1 characters</source>
        <translation>el texto tiene menos de %1 caracteres</translation>
    </message>
    <message>
        <source>has more than %1 properties</source>
        <translation>tiene más de %1 propiedades</translation>
    </message>
    <message>
        <source>has fewer than %1 properties</source>
        <translation>tiene menos de %1 propiedades</translation>
    </message>
    <message>
        <source>%1 does not match the pattern %2</source>
        <translation>%1 no coincide con el patrón %2</translation>
    </message>
    <message>
        <source>%1 does not match the pattern</source>
        <translation>%1 no coincide con el patrón</translation>
    </message>
    <message>
        <source>items %1 and %2 are equal, but the items must be unique</source>
        <translation>los elementos %1 y %2 son iguales, pero los elementos deben ser únicos</translation>
    </message>
    <message>
        <source>the property &quot;%1&quot; is missing (dependencies)</source>
        <translation>falta la propiedad &quot;%1&quot; (dependencies)</translation>
    </message>
    <message>
        <source>matches none of the schemas in anyOf</source>
        <translation>no coincide con ninguno de los esquemas de anyOf</translation>
    </message>
    <message>
        <source>matches none of the schemas in oneOf</source>
        <translation>no coincide con ninguno de los esquemas de oneOf</translation>
    </message>
    <message>
        <source>matches more than one of the schemas in oneOf</source>
        <translation>coincide con más de uno de los esquemas de oneOf</translation>
    </message>
    <message>
        <source>matches the schema in &quot;not&quot;</source>
        <translation>coincide con el esquema de &quot;not&quot;</translation>
    </message>
    <message>
        <source>does not satisfy the if/then/else condition</source>
        <translation>no cumple la condición if/then/else</translation>
    </message>
    <message>
        <source>has more items than the schema allows</source>
        <translation>tiene más elementos de los que permite el esquema</translation>
    </message>
    <message>
        <source>has no item that matches &quot;contains&quot;</source>
        <translation>no tiene ningún elemento que coincida con &quot;contains&quot;</translation>
    </message>
    <message>
        <source>%1 is not a valid %2</source>
        <translation>%1 no es un %2 válido</translation>
    </message>
    <message>
        <source>is not allowed by the schema</source>
        <translation>el esquema no lo permite</translation>
    </message>
    <message>
        <source>does not match its schema</source>
        <translation>no coincide con su esquema</translation>
    </message>
    <message>
        <source>does not match the schema</source>
        <translation>no coincide con el esquema</translation>
    </message>
    <message>
        <source>A schema is a JSON object (or true or false), not %1.</source>
        <translation>Un esquema es un objeto JSON (o true o false), no %1.</translation>
    </message>
    <message>
        <source>The schema refers to another document; only local references (&quot;#/...&quot;) are supported.</source>
        <translation>El esquema hace referencia a otro documento; solo se admiten referencias locales (&quot;#/...&quot;).</translation>
    </message>
    <message>
        <source>The schema is not valid: %1</source>
        <translation>El esquema no es válido: %1</translation>
    </message>
    <message>
        <source>The schema is not valid.</source>
        <translation>El esquema no es válido.</translation>
    </message>
    <message>
        <source>there is no valid schema to check against</source>
        <translation>no hay ningún esquema válido con el que comprobar</translation>
    </message>
    <message>
        <source>the value could not be checked: %1</source>
        <translation>no se pudo comprobar el valor: %1</translation>
    </message>
    <message>
        <source>the value could not be checked</source>
        <translation>no se pudo comprobar el valor</translation>
    </message>
    <message>
        <source>the schema allows no value here</source>
        <translation>el esquema no permite ningún valor aquí</translation>
    </message>
</context>
<context>
    <name>mantle::schema::SchemaViolation</name>
    <message>
        <source>(root)</source>
        <translation>(raíz)</translation>
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
        <translation>La raíz del esquema debe ser un objeto, no &quot;anyOf&quot;: convierta la raíz en un objeto y ponga las alternativas en una de sus propiedades.</translation>
    </message>
    <message>
        <source>The root of the schema must be an object (&quot;type&quot;: &quot;object&quot;).</source>
        <translation>La raíz del esquema debe ser un objeto (&quot;type&quot;: &quot;object&quot;).</translation>
    </message>
    <message>
        <source>The root of the schema must say &quot;type&quot;: &quot;object&quot;.</source>
        <translation>La raíz del esquema debe indicar &quot;type&quot;: &quot;object&quot;.</translation>
    </message>
    <message>
        <source>Strict mode does not take true or false as a schema: write the schema out (with a &quot;type&quot;).</source>
        <translation>El modo estricto no admite true ni false como esquema: escriba el esquema completo (con un &quot;type&quot;).</translation>
    </message>
    <message>
        <source>Strict mode does not take a list of schemas in &quot;items&quot; (a tuple): give one schema that every item follows.</source>
        <translation>El modo estricto no admite una lista de esquemas en &quot;items&quot; (una tupla): indique un único esquema que sigan todos los elementos.</translation>
    </message>
    <message>
        <source>Put &quot;%1&quot; at the root of the schema; strict mode does not read definitions further in.</source>
        <translation>Ponga &quot;%1&quot; en la raíz del esquema; el modo estricto no lee definiciones más internas.</translation>
    </message>
    <message>
        <source>The format &quot;%1&quot; is not supported in strict mode (supported: date-time, time, date, duration, email, hostname, ipv4, ipv6, uuid).</source>
        <translation>El formato &quot;%1&quot; no se admite en modo estricto (se admiten: date-time, time, date, duration, email, hostname, ipv4, ipv6, uuid).</translation>
    </message>
    <message>
        <source>Strict mode only follows references within the schema (&quot;#/$defs/...&quot;), not &quot;%1&quot;.</source>
        <translation>El modo estricto solo sigue referencias dentro del esquema (&quot;#/$defs/...&quot;), no &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Strict mode does not support &quot;oneOf&quot;; merge it with the &quot;anyOf&quot; next to it by hand.</source>
        <translation>El modo estricto no admite &quot;oneOf&quot;; combínelo a mano con el &quot;anyOf&quot; contiguo.</translation>
    </message>
    <message>
        <source>Strict mode does not support &quot;oneOf&quot;; &quot;anyOf&quot; is the alternative it takes.</source>
        <translation>El modo estricto no admite &quot;oneOf&quot;; la alternativa que acepta es &quot;anyOf&quot;.</translation>
    </message>
    <message>
        <source>Strict mode does not support &quot;allOf&quot;: merge its schemas into one by hand.</source>
        <translation>El modo estricto no admite &quot;allOf&quot;: combine sus esquemas en uno a mano.</translation>
    </message>
    <message>
        <source>Strict mode does not support the keyword &quot;%1&quot;: the request would be refused. Removing it loosens the schema; answers are still checked against it here.</source>
        <translation>El modo estricto no admite la palabra clave &quot;%1&quot;: la solicitud se rechazaría. Quitarla hace el esquema menos restrictivo; aquí las respuestas se siguen comprobando con ella.</translation>
    </message>
    <message>
        <source>Strict mode needs a &quot;type&quot; here (or &quot;anyOf&quot;, &quot;enum&quot;, &quot;const&quot; or &quot;$ref&quot;): a schema that allows anything is not supported.</source>
        <translation>El modo estricto necesita aquí un &quot;type&quot; (o &quot;anyOf&quot;, &quot;enum&quot;, &quot;const&quot; o &quot;$ref&quot;): no se admite un esquema que permita cualquier cosa.</translation>
    </message>
    <message>
        <source>&quot;type&quot; must be a type name or a list of them.</source>
        <translation>&quot;type&quot; debe ser un nombre de tipo o una lista de ellos.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a type strict mode supports (string, number, integer, boolean, object, array, null).</source>
        <translation>&quot;%1&quot; no es un tipo que admita el modo estricto (string, number, integer, boolean, object, array, null).</translation>
    </message>
    <message>
        <source>This schema has properties but no &quot;type&quot;: strict mode needs &quot;type&quot;: &quot;object&quot;.</source>
        <translation>Este esquema tiene propiedades, pero no &quot;type&quot;: el modo estricto necesita &quot;type&quot;: &quot;object&quot;.</translation>
    </message>
    <message>
        <source>Objects are nested %1 levels deep here; strict mode allows at most %2.</source>
        <translation>Aquí los objetos están anidados a %1 niveles de profundidad; el modo estricto permite como máximo %2.</translation>
    </message>
    <message>
        <source>Strict mode needs &quot;additionalProperties&quot;: false on every object, so that the answer has exactly the properties listed.</source>
        <translation>El modo estricto necesita &quot;additionalProperties&quot;: false en cada objeto, para que la respuesta tenga exactamente las propiedades indicadas.</translation>
    </message>
    <message>
        <source>Strict mode needs every property in &quot;required&quot;; &quot;%1&quot; is not. An optional property is written as required and nullable (its type allows null).</source>
        <translation>El modo estricto necesita todas las propiedades en &quot;required&quot;; &quot;%1&quot; no lo está. Una propiedad opcional se escribe como obligatoria y que admite null (su tipo permite null).</translation>
    </message>
    <message>
        <source>This enum has %1 values of %2 characters in all; with more than %3 values strict mode allows at most %4 characters.</source>
        <translation>Este enum tiene %1 valores con %2 caracteres en total; con más de %3 valores, el modo estricto permite como máximo %4 caracteres.</translation>
    </message>
    <message>
        <source>The schema has %1 object properties; strict mode allows at most %2.</source>
        <translation>El esquema tiene %1 propiedades de objeto; el modo estricto permite como máximo %2.</translation>
    </message>
    <message>
        <source>The schema has %1 enum values; strict mode allows at most %2.</source>
        <translation>El esquema tiene %1 valores de enum; el modo estricto permite como máximo %2.</translation>
    </message>
    <message>
        <source>Property names, definition names, enum and const values come to %1 characters; strict mode allows at most %2.</source>
        <translation>Los nombres de propiedades, los nombres de definiciones y los valores de enum y const suman %1 caracteres; el modo estricto permite como máximo %2.</translation>
    </message>
</context>
<context>
    <name>mantle::schema::StrictModeFinding</name>
    <message>
        <source>Set &quot;additionalProperties&quot; to false</source>
        <translation>Establecer &quot;additionalProperties&quot; en false</translation>
    </message>
    <message>
        <source>Add &quot;%1&quot; to &quot;required&quot; and allow null for it</source>
        <translation>Agregar &quot;%1&quot; a &quot;required&quot; y permitir null</translation>
    </message>
    <message>
        <source>Remove &quot;%1&quot;</source>
        <translation>Quitar &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Replace &quot;oneOf&quot; with &quot;anyOf&quot;</source>
        <translation>Reemplazar &quot;oneOf&quot; por &quot;anyOf&quot;</translation>
    </message>
    <message>
        <source>Add &quot;type&quot;: &quot;object&quot;</source>
        <translation>Agregar &quot;type&quot;: &quot;object&quot;</translation>
    </message>
</context>
<context>
    <name>mantle::sessions::Session</name>
    <message>
        <source>&quot;user&quot;, &quot;assistant&quot; or &quot;tool&quot;</source>
        <translation>&quot;user&quot;, &quot;assistant&quot; o &quot;tool&quot;</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Asistente</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>Prompt del sistema</translation>
    </message>
    <message>
        <source>New session</source>
        <translation>Nueva sesión</translation>
    </message>
    <message>
        <source>This is not a Mantle Playground session: the field &quot;%1&quot; is not &quot;%2&quot;.</source>
        <translation>Esto no es una sesión de Mantle Playground: el campo &quot;%1&quot; no es &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is invalid: expected a whole number.</source>
        <translation>El campo &quot;%1&quot; no es válido: se esperaba un número entero.</translation>
    </message>
    <message>
        <source>This session was written by a newer version of the app (session format %1; this version reads up to %2), so it is left untouched.</source>
        <translation>Esta sesión la escribió una versión más reciente de la aplicación (formato de sesión %1; esta versión lee hasta el %2), así que no se modifica.</translation>
    </message>
    <message>
        <source>Update Mantle Playground to open it.</source>
        <translation>Actualice Mantle Playground para abrirla.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is invalid: expected a session id (letters, digits and &apos;-&apos;).</source>
        <translation>El campo &quot;%1&quot; no es válido: se esperaba un ID de sesión (letras, dígitos y &apos;-&apos;).</translation>
    </message>
    <message>
        <source>Untitled session</source>
        <translation>Sesión sin título</translation>
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
        <translation>Región: %1</translation>
    </message>
    <message>
        <source>Tool call `%1` (id `%2`):</source>
        <translation>Llamada a herramienta `%1` (ID `%2`):</translation>
    </message>
    <message>
        <source>The answer failed: %1</source>
        <translation>La respuesta falló: %1</translation>
    </message>
    <message>
        <source>Stopped before the answer was complete.</source>
        <translation>Detenido antes de completarse la respuesta.</translation>
    </message>
    <message>
        <source>Tool result</source>
        <translation>Resultado de herramienta</translation>
    </message>
    <message>
        <source>For the tool call `%1`:</source>
        <translation>Para la llamada a herramienta `%1`:</translation>
    </message>
    <message>
        <source>The tool reported an error.</source>
        <translation>La herramienta notificó un error.</translation>
    </message>
    <message>
        <source>The Markdown file has no conversation in it.</source>
        <translation>El archivo Markdown no contiene ninguna conversación.</translation>
    </message>
    <message>
        <source>Give each turn a heading: “## User” or “## Assistant”.</source>
        <translation>Ponga a cada turno un encabezado: “## User” o “## Assistant”.</translation>
    </message>
    <message>
        <source>%1 (fork)</source>
        <translation>%1 (bifurcación)</translation>
    </message>
</context>
<context>
    <name>mantle::sessions::SessionStore</name>
    <message>
        <source>&quot;%1&quot; is not a session id.</source>
        <translation>&quot;%1&quot; no es un ID de sesión.</translation>
    </message>
    <message>
        <source>Cannot open the session file &quot;%1&quot;: %2.</source>
        <translation>No se puede abrir el archivo de sesión &quot;%1&quot;: %2.</translation>
    </message>
    <message>
        <source>%1 at byte %2</source>
        <translation>%1 en el byte %2</translation>
    </message>
    <message>
        <source>it is not a JSON object</source>
        <translation>no es un objeto JSON</translation>
    </message>
    <message>
        <source>The session file &quot;%1&quot; is not valid JSON: %2.</source>
        <translation>El archivo de sesión &quot;%1&quot; no es JSON válido: %2.</translation>
    </message>
    <message>
        <source>The session file &quot;%1&quot; cannot be used: %2</source>
        <translation>El archivo de sesión &quot;%1&quot; no se puede usar: %2</translation>
    </message>
    <message>
        <source>Cannot write the file &quot;%1&quot;: %2.</source>
        <translation>No se puede escribir el archivo &quot;%1&quot;: %2.</translation>
    </message>
    <message>
        <source>Check that the folder exists, is writable and has free space.</source>
        <translation>Compruebe que la carpeta existe, admite escritura y tiene espacio libre.</translation>
    </message>
    <message>
        <source>Cannot create the sessions folder &quot;%1&quot;.</source>
        <translation>No se puede crear la carpeta de sesiones &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>It is not overwritten.</source>
        <translation>No se sobrescribe.</translation>
    </message>
    <message>
        <source>The session file &quot;%1&quot; does not exist.</source>
        <translation>El archivo de sesión &quot;%1&quot; no existe.</translation>
    </message>
    <message>
        <source>It is not deleted.</source>
        <translation>No se elimina.</translation>
    </message>
    <message>
        <source>Move or delete the file yourself if you no longer need it.</source>
        <translation>Mueva o elimine usted mismo el archivo si ya no lo necesita.</translation>
    </message>
    <message>
        <source>Cannot delete the session file &quot;%1&quot;: %2.</source>
        <translation>No se puede eliminar el archivo de sesión &quot;%1&quot;: %2.</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1 (copia)</translation>
    </message>
    <message>
        <source>Cannot read &quot;%1&quot;: %2.</source>
        <translation>No se puede leer &quot;%1&quot;: %2.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::AboutDialog</name>
    <message>
        <source>About Mantle Playground</source>
        <translation>Acerca de Mantle Playground</translation>
    </message>
    <message>
        <source>Mantle Playground %1</source>
        <translation>Mantle Playground %1</translation>
    </message>
    <message>
        <source>A desktop playground for Amazon Bedrock Mantle.</source>
        <translation>Un playground de escritorio para Amazon Bedrock Mantle.</translation>
    </message>
    <message>
        <source>Qt %1 (built with Qt %2)</source>
        <translation>Qt %1 (compilado con Qt %2)</translation>
    </message>
    <message>
        <source>%1 (built with %2)</source>
        <translation>%1 (compilado con %2)</translation>
    </message>
    <message>
        <source>Licences:</source>
        <translation>Licencias:</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1: %2 (%3)</translation>
    </message>
    <message>
        <source>The licence of Mantle Playground:</source>
        <translation>La licencia de Mantle Playground:</translation>
    </message>
    <message>
        <source>&lt;b&gt;Mantle Playground&lt;/b&gt;&lt;br&gt;Version %1</source>
        <translation>&lt;b&gt;Mantle Playground&lt;/b&gt;&lt;br&gt;Versión %1</translation>
    </message>
</context>
<context>
    <name>mantle::ui::AccountEditor</name>
    <message>
        <source>Add Account</source>
        <translation>Agregar cuenta</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Región</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>&amp;Región:</translation>
    </message>
    <message>
        <source>Authentication method</source>
        <translation>Método de autenticación</translation>
    </message>
    <message>
        <source>Access key</source>
        <translation>Clave de acceso</translation>
    </message>
    <message>
        <source>Assumed role</source>
        <translation>Rol asumido</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Clave de API</translation>
    </message>
    <message>
        <source>&amp;Authentication:</source>
        <translation>&amp;Autenticación:</translation>
    </message>
    <message>
        <source>Access key ID</source>
        <translation>ID de clave de acceso</translation>
    </message>
    <message>
        <source>Access key &amp;ID:</source>
        <translation>&amp;ID de clave de acceso:</translation>
    </message>
    <message>
        <source>Secret access key</source>
        <translation>Clave de acceso secreta</translation>
    </message>
    <message>
        <source>&amp;Secret access key:</source>
        <translation>Clave de acceso &amp;secreta:</translation>
    </message>
    <message>
        <source>Session token</source>
        <translation>Token de sesión</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Opcional</translation>
    </message>
    <message>
        <source>Session &amp;token:</source>
        <translation>&amp;Token de sesión:</translation>
    </message>
    <message>
        <source>Role ARN</source>
        <translation>ARN del rol</translation>
    </message>
    <message>
        <source>Role &amp;ARN:</source>
        <translation>&amp;ARN del rol:</translation>
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
        <translation>Nombre de sesión</translation>
    </message>
    <message>
        <source>Session na&amp;me:</source>
        <translation>Nom&amp;bre de sesión:</translation>
    </message>
    <message>
        <source>Session duration in seconds</source>
        <translation>Duración de la sesión en segundos</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>&amp;Duration:</source>
        <translation>&amp;Duración:</translation>
    </message>
    <message>
        <source>Source of the credentials</source>
        <translation>Origen de las credenciales</translation>
    </message>
    <message>
        <source>Another account&apos;s keys</source>
        <translation>Claves de otra cuenta</translation>
    </message>
    <message>
        <source>An AWS profile</source>
        <translation>Un perfil de AWS</translation>
    </message>
    <message>
        <source>Credentials &amp;from:</source>
        <translation>&amp;Origen de credenciales:</translation>
    </message>
    <message>
        <source>Source account</source>
        <translation>Cuenta de origen</translation>
    </message>
    <message>
        <source>Source a&amp;ccount:</source>
        <translation>&amp;Cuenta de origen:</translation>
    </message>
    <message>
        <source>AWS profile</source>
        <translation>Perfil de AWS</translation>
    </message>
    <message>
        <source>AWS &amp;profile:</source>
        <translation>&amp;Perfil de AWS:</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>C&amp;lave de API:</translation>
    </message>
    <message>
        <source>Endpoint override</source>
        <translation>Punto de enlace alternativo</translation>
    </message>
    <message>
        <source>Optional: the region&apos;s Mantle endpoint</source>
        <translation>Opcional: el punto de enlace de Mantle de la región</translation>
    </message>
    <message>
        <source>&amp;Endpoint:</source>
        <translation>Punto de &amp;enlace:</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <source>N&amp;otes:</source>
        <translation>N&amp;otas:</translation>
    </message>
    <message>
        <source>Edit Account</source>
        <translation>Editar cuenta</translation>
    </message>
    <message>
        <source>To change the authentication method, remove the account and add it again.</source>
        <translation>Para cambiar el método de autenticación, elimine la cuenta y vuelva a agregarla.</translation>
    </message>
    <message>
        <source>Unchanged (stored in the keychain)</source>
        <translation>Sin cambios (guardada en el llavero)</translation>
    </message>
    <message>
        <source>There is already an account “%1”.</source>
        <translation>Ya existe una cuenta “%1”.</translation>
    </message>
    <message>
        <source>The secret access key</source>
        <translation>La clave de acceso secreta</translation>
    </message>
    <message>
        <source>The session token</source>
        <translation>El token de sesión</translation>
    </message>
    <message>
        <source>The API key</source>
        <translation>La clave de API</translation>
    </message>
    <message>
        <source>%1 is required.</source>
        <translation>%1 es obligatorio.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::AccountsDialog</name>
    <message>
        <source>Access key</source>
        <translation>Clave de acceso</translation>
    </message>
    <message>
        <source>Assumed role</source>
        <translation>Rol asumido</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Clave de API</translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation>Credenciales</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Región</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelos</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Solicitud</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Cuentas</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>Autenticación</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Agregar…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Editar…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>E&amp;liminar</translation>
    </message>
    <message>
        <source>&amp;Import from AWS Profile</source>
        <translation>&amp;Importar desde perfil de AWS</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>&amp;Probar conexión</translation>
    </message>
    <message>
        <source>Checks the selected account&apos;s credentials, region, models and one tiny request.</source>
        <translation>Comprueba las credenciales, la región y los modelos de la cuenta seleccionada, y envía una solicitud mínima.</translation>
    </message>
    <message>
        <source>IAM &amp;Policy…</source>
        <translation>Política de IA&amp;M…</translation>
    </message>
    <message>
        <source>Shows the least-privilege IAM policy the selected account needs, ready to copy.</source>
        <translation>Muestra la política de IAM de privilegios mínimos que necesita la cuenta seleccionada, lista para copiar.</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>Resultado de la prueba de conexión</translation>
    </message>
    <message>
        <source>Connection test steps</source>
        <translation>Pasos de la prueba de conexión</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Paso</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detalle</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copiar</translation>
    </message>
    <message>
        <source>Broken</source>
        <translation>Dañada</translation>
    </message>
    <message>
        <source>Remove Account</source>
        <translation>Eliminar cuenta</translation>
    </message>
    <message>
        <source>Remove the account “%1” and its secrets from the keychain?</source>
        <translation>¿Eliminar la cuenta “%1” y sus secretos del llavero?</translation>
    </message>
    <message>
        <source>No AWS profiles found</source>
        <translation>No se encontraron perfiles de AWS</translation>
    </message>
    <message>
        <source>Imported the AWS profile as “%1”.</source>
        <translation>Se importó el perfil de AWS como “%1”.</translation>
    </message>
    <message>
        <source>the IAM principal of account “%1”</source>
        <translation>la entidad principal de IAM de la cuenta “%1”</translation>
    </message>
    <message>
        <source>the IAM principal of AWS profile “%1”</source>
        <translation>la entidad principal de IAM del perfil de AWS “%1”</translation>
    </message>
    <message>
        <source>Testing “%1”…</source>
        <translation>Probando “%1”…</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>Correcto</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Omitido</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>Solución</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>“%1” works.</source>
        <translation>“%1” funciona.</translation>
    </message>
    <message>
        <source>“%1” does not work.</source>
        <translation>“%1” no funciona.</translation>
    </message>
    <message>
        <source>“%1” does not work: the step “%2” failed.</source>
        <translation>“%1” no funciona: falló el paso “%2”.</translation>
    </message>
    <message>
        <source>Short-term API &amp;key…</source>
        <translation>Clave de API a &amp;corto plazo…</translation>
    </message>
    <message>
        <source>Makes a short-term Bedrock API key from the selected account&apos;s SigV4 credentials, to copy or to use for this session.</source>
        <translation>Crea una clave de API de Bedrock a corto plazo a partir de las credenciales de SigV4 de la cuenta seleccionada, para copiarla o usarla en esta sesión.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::AppOptions</name>
    <message>
        <source>mantle-playground: %1
Run “mantle-playground --help” for the options.</source>
        <translation>mantle-playground: %1
Ejecute “mantle-playground --help” para ver las opciones.</translation>
    </message>
    <message>
        <source>A desktop playground for Amazon Bedrock Mantle.</source>
        <translation>Un playground de escritorio para Amazon Bedrock Mantle.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Mostrar esta ayuda.</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>Mostrar la versión.</translation>
    </message>
    <message>
        <source>Start with the demo account, served by the built-in local emulator.</source>
        <translation>Iniciar con la cuenta de demostración, servida por el emulador local integrado.</translation>
    </message>
    <message>
        <source>Open the saved session FILE.</source>
        <translation>Abrir el archivo de sesión guardado FILE.</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
    <message>
        <source>Quit (exit code 0) as soon as the main window has been painted once; for start-up benchmarks and smoke checks.</source>
        <translation>Salir (código de salida 0) en cuanto la ventana principal se haya dibujado una vez; para pruebas de rendimiento del inicio y comprobaciones básicas.</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>argumento inesperado “%1”.</translation>
    </message>
    <message>
        <source>--session was given more than once; give one session file.</source>
        <translation>--session se indicó más de una vez; indique un solo archivo de sesión.</translation>
    </message>
    <message>
        <source>--session needs the path of a session file.</source>
        <translation>--session necesita la ruta de un archivo de sesión.</translation>
    </message>
    <message>
        <source>Use this language for this run instead of the one chosen in Preferences: %1, or “system”.</source>
        <translation>Usar este idioma en esta ejecución en lugar del elegido en Preferencias: %1 o “system”.</translation>
    </message>
    <message>
        <source>CODE</source>
        <translation>CODE</translation>
    </message>
    <message>
        <source>Check that the app works here (window, translations, the request pipeline against the built-in emulator), print what was checked and exit: 0 when all works, 1 when not.</source>
        <translation>Comprobar que la aplicación funciona aquí (ventana, traducciones, el procesamiento de solicitudes con el emulador integrado), mostrar lo comprobado y salir: 0 si todo funciona, 1 si no.</translation>
    </message>
    <message>
        <source>there is no language “%1”; choose one of %2, or “system”.</source>
        <translation>no existe el idioma “%1”; elija uno de %2 o “system”.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ChainView</name>
    <message>
        <source>Answer</source>
        <translation>Respuesta</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sesión</translation>
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
        <translation>Costo</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>Almacenamiento</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Envío</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Each answer follows the one it continues; a branch (a fork, or an answer continued twice) is indented under the answer it starts from.</source>
        <translation>Cada respuesta sigue a la que continúa; una rama (una bifurcación o una respuesta continuada dos veces) aparece con sangría bajo la respuesta de la que parte.</translation>
    </message>
    <message>
        <source>Stored responses are kept for 30 days in the region of the request.</source>
        <translation>Las respuestas almacenadas se conservan 30 días en la región de la solicitud.</translation>
    </message>
    <message>
        <source>Continue from here</source>
        <translation>Continuar desde aquí</translation>
    </message>
    <message>
        <source>Fork here</source>
        <translation>Bifurcar aquí</translation>
    </message>
    <message>
        <source>Retrieve</source>
        <translation>Recuperar</translation>
    </message>
    <message>
        <source>Delete stored response</source>
        <translation>Eliminar respuesta almacenada</translation>
    </message>
    <message>
        <source>Poll status</source>
        <translation>Consultar estado</translation>
    </message>
    <message>
        <source>Cancel background response</source>
        <translation>Cancelar respuesta en segundo plano</translation>
    </message>
    <message>
        <source>resp_…</source>
        <translation>resp_…</translation>
    </message>
    <message>
        <source>Response ID:</source>
        <translation>ID de respuesta:</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>A retrieved response is shown here.</source>
        <translation>Aquí se muestra una respuesta recuperada.</translation>
    </message>
    <message>
        <source>No answers yet: the answers of saved sessions appear here.</source>
        <translation>Aún no hay respuestas: aquí aparecen las respuestas de las sesiones guardadas.</translation>
    </message>
    <message>
        <source>Answer %1</source>
        <translation>Respuesta %1</translation>
    </message>
    <message>
        <source>%1 in · %2 out</source>
        <translation>entrada: %1 · salida: %2</translation>
    </message>
    <message>
        <source>$%1</source>
        <translation>%1 USD</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>eliminada</translation>
    </message>
    <message>
        <source>stored</source>
        <translation>almacenada</translation>
    </message>
    <message>
        <source>local only</source>
        <translation>solo local</translation>
    </message>
    <message>
        <source>Kept by Mantle in %1 under its response id.</source>
        <translation>Mantle la conserva en %1 con su ID de respuesta.</translation>
    </message>
    <message>
        <source>Kept only in this app&apos;s history: continuing re-sends the conversation.</source>
        <translation>Solo se conserva en el historial de esta aplicación: al continuar se reenvía la conversación.</translation>
    </message>
    <message numerus="yes">
        <source>%n new message(s) + previous response</source>
        <translation>
            <numerusform>%n mensaje nuevo + respuesta anterior</numerusform>
            <numerusform>%n mensajes nuevos + respuesta anterior</numerusform>
        </translation>
    </message>
    <message>
        <source>Sent with previous_response_id %1; the earlier turns stayed on the server.</source>
        <translation>Enviada con previous_response_id %1; los turnos anteriores se quedaron en el servidor.</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) re-sent</source>
        <translation>
            <numerusform>%n mensaje reenviado</numerusform>
            <numerusform>%n mensajes reenviados</numerusform>
        </translation>
    </message>
    <message>
        <source>The whole conversation was sent with the request.</source>
        <translation>Se envió la conversación completa con la solicitud.</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>error</translation>
    </message>
    <message>
        <source>Enter a response id (resp_…).</source>
        <translation>Introduzca un ID de respuesta (resp_…).</translation>
    </message>
    <message>
        <source>Delete the stored response %1 from Mantle? Answers that continue from it can no longer be continued by its id.</source>
        <translation>¿Eliminar de Mantle la respuesta almacenada %1? Las respuestas que continúan a partir de ella ya no podrán continuarse por su ID.</translation>
    </message>
    <message>
        <source>Not connected to any account.</source>
        <translation>No hay conexión con ninguna cuenta.</translation>
    </message>
    <message>
        <source>Deleting %1…</source>
        <translation>Eliminando %1…</translation>
    </message>
    <message>
        <source>Retrieving %1…</source>
        <translation>Recuperando %1…</translation>
    </message>
    <message>
        <source>Deleted %1.</source>
        <translation>Se eliminó %1.</translation>
    </message>
    <message>
        <source>%1 is not stored: it was deleted, has expired (after 30 days) or was made in another region or account.</source>
        <translation>%1 no está almacenada: se eliminó, caducó (a los 30 días) o se creó en otra región o cuenta.</translation>
    </message>
    <message>
        <source>Response %1: %2</source>
        <translation>Respuesta %1: %2</translation>
    </message>
    <message>
        <source>Following the background response %1…</source>
        <translation>Siguiendo la respuesta en segundo plano %1…</translation>
    </message>
    <message>
        <source>Background response %1: %2</source>
        <translation>Respuesta en segundo plano %1: %2</translation>
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
        <translation>Solicitud %1 a %2, enviada a %3</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Lenguaje</translation>
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
        <translation>Copiar el código al portapapeles</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>&amp;Guardar…</translation>
    </message>
    <message>
        <source>Save the code to a file</source>
        <translation>Guardar el código en un archivo</translation>
    </message>
    <message>
        <source>No language can express a request of this kind (%1).</source>
        <translation>Ningún lenguaje puede expresar una solicitud de este tipo (%1).</translation>
    </message>
    <message>
        <source>This request cannot be written as %1: %2</source>
        <translation>Esta solicitud no se puede escribir como %1: %2</translation>
    </message>
    <message>
        <source>Reads the Bedrock API key from the environment variable %1 when it runs.</source>
        <translation>Lee la clave de API de Bedrock de la variable de entorno %1 al ejecutarse.</translation>
    </message>
    <message>
        <source>Signs with SigV4 using botocore&apos;s credentials: %1, %2 and %3, or the profile named by %4.</source>
        <translation>Firma con SigV4 usando las credenciales de botocore: %1, %2 y %3, o el perfil que indique %4.</translation>
    </message>
    <message>
        <source>Signs with SigV4 (curl 7.75 or newer) using %1 and %2, and %3 for temporary credentials.</source>
        <translation>Firma con SigV4 (curl 7.75 o posterior) usando %1 y %2, y %3 para credenciales temporales.</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>Copiado.</translation>
    </message>
    <message>
        <source>There is no code to save.</source>
        <translation>No hay código que guardar.</translation>
    </message>
    <message>
        <source>Cannot write the file “%1”: %2.</source>
        <translation>No se puede escribir el archivo “%1”: %2.</translation>
    </message>
    <message>
        <source>Saved “%1”, but could not make it executable.</source>
        <translation>Se guardó “%1”, pero no se pudo hacer ejecutable.</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>Guardado en %1.</translation>
    </message>
    <message>
        <source>Save Code</source>
        <translation>Guardar código</translation>
    </message>
    <message>
        <source>Python programs (*.py)</source>
        <translation>Programas de Python (*.py)</translation>
    </message>
    <message>
        <source>JavaScript and TypeScript modules (*.mjs *.js *.ts)</source>
        <translation>Módulos de JavaScript y TypeScript (*.mjs *.js *.ts)</translation>
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
        <translation>Razonamiento</translation>
    </message>
    <message>
        <source>Answer of %1</source>
        <translation>Respuesta de %1</translation>
    </message>
    <message>
        <source>Continue with This</source>
        <translation>Continuar con esta respuesta</translation>
    </message>
    <message>
        <source>Open a new session with this target, the prompt and this answer</source>
        <translation>Abrir una nueva sesión con este destino, el prompt y esta respuesta</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>en espera</translation>
    </message>
    <message>
        <source>streaming</source>
        <translation>transmitiendo</translation>
    </message>
    <message>
        <source>done</source>
        <translation>listo</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>detenido</translation>
    </message>
    <message>
        <source>error</source>
        <translation>error</translation>
    </message>
    <message>
        <source>Tool call: %1(%2)</source>
        <translation>Llamada a herramienta: %1(%2)</translation>
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
        <translation>Tokens de salida</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Costo</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CompareTargetRow</name>
    <message>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Región</translation>
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
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>Remove this target</source>
        <translation>Eliminar este destino</translation>
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
        <translation>&amp;En paralelo</translation>
    </message>
    <message>
        <source>Across &amp;APIs</source>
        <translation>Entre &amp;API</translation>
    </message>
    <message>
        <source>&amp;Regions</source>
        <translation>&amp;Regiones</translation>
    </message>
    <message>
        <source>The first target is now %1.</source>
        <translation>El primer destino es ahora %1.</translation>
    </message>
    <message>
        <source>The session was saved but could not be opened now: stop the answer that is streaming first.</source>
        <translation>La sesión se guardó, pero no se pudo abrir ahora: detenga primero la respuesta que se está transmitiendo.</translation>
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
        <translation>Destinos (cuenta, región, modelo, API):</translation>
    </message>
    <message>
        <source>A&amp;dd Target</source>
        <translation>A&amp;gregar destino</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>E&amp;jecutar</translation>
    </message>
    <message>
        <source>Send the prompt to every target at once (Ctrl+Enter)</source>
        <translation>Enviar el prompt a todos los destinos a la vez (Ctrl+Intro)</translation>
    </message>
    <message>
        <source>S&amp;ync scrolling</source>
        <translation>&amp;Sincronizar desplazamiento</translation>
    </message>
    <message>
        <source>Comparison table</source>
        <translation>Tabla de comparación</translation>
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
        <translation>Co&amp;ntinuar con esta respuesta</translation>
    </message>
    <message>
        <source>Open a new session with the selected row&apos;s target, the prompt and its answer</source>
        <translation>Abrir una nueva sesión con el destino de la fila seleccionada, el prompt y su respuesta</translation>
    </message>
    <message>
        <source>Type a prompt first.</source>
        <translation>Escriba primero un prompt.</translation>
    </message>
    <message>
        <source>Choose a model for every target.</source>
        <translation>Elija un modelo para cada destino.</translation>
    </message>
    <message>
        <source>Every target answered.</source>
        <translation>Todos los destinos respondieron.</translation>
    </message>
    <message numerus="yes">
        <source>Done; %n target(s) failed.</source>
        <translation>
            <numerusform>Listo; falló %n destino.</numerusform>
            <numerusform>Listo; fallaron %n destinos.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sending to %n target(s)…</source>
        <translation>
            <numerusform>Enviando a %n destino…</numerusform>
            <numerusform>Enviando a %n destinos…</numerusform>
        </translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Detener</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2</source>
        <translation>No se puede escribir “%1”: %2</translation>
    </message>
    <message>
        <source>Export Comparison</source>
        <translation>Exportar comparación</translation>
    </message>
    <message>
        <source>comparison.csv</source>
        <translation>comparacion.csv</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>Exportado a %1.</translation>
    </message>
    <message>
        <source>Copied the table as CSV.</source>
        <translation>Se copió la tabla como CSV.</translation>
    </message>
    <message>
        <source>That target has not answered yet.</source>
        <translation>Ese destino todavía no ha respondido.</translation>
    </message>
    <message>
        <source>Select a row of the table first.</source>
        <translation>Seleccione primero una fila de la tabla.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ConversationView</name>
    <message>
        <source>Conversation</source>
        <translation>Conversación</translation>
    </message>
    <message>
        <source>The prompts and answers of this session. Up and Down select an item; the context menu copies, edits, deletes or re-runs it; Ctrl+C copies the selected item&apos;s text.</source>
        <translation>Los prompts y las respuestas de esta sesión. Arriba y Abajo seleccionan un elemento; el menú contextual lo copia, edita, elimina o vuelve a ejecutar; Ctrl+C copia el texto del elemento seleccionado.</translation>
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
        <translation>Volver a ejecutar desde aquí</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Eliminar</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CostChart</name>
    <message>
        <source>Cost chart</source>
        <translation>Gráfico de costos</translation>
    </message>
    <message numerus="yes">
        <source>%n bars, %1 USD in all</source>
        <translation>
            <numerusform>%n barra, %1 USD en total</numerusform>
            <numerusform>%n barras, %1 USD en total</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 to %2: %3 USD, %4 tokens</source>
        <translation>Del %1 al %2: %3 USD, %4 tokens</translation>
    </message>
    <message numerus="yes">
        <source>%n answer(s) without a price</source>
        <translation>
            <numerusform>%n respuesta sin precio</numerusform>
            <numerusform>%n respuestas sin precio</numerusform>
        </translation>
    </message>
    <message>
        <source>Cost (%1)</source>
        <translation>Costo (%1)</translation>
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
        <translation>Sin precio</translation>
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
        <translation>No registrado</translation>
    </message>
    <message>
        <source>unpriced</source>
        <translation>sin precio</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Part of the output tokens, and billed with them.</source>
        <translation>Parte de los tokens de salida, y se facturan con ellos.</translation>
    </message>
    <message>
        <source>The model had no known price when this answer came.</source>
        <translation>El modelo no tenía ningún precio conocido cuando llegó esta respuesta.</translation>
    </message>
    <message>
        <source>%1 (this answer kept its total only)</source>
        <translation>%1 (esta respuesta solo conservó su total)</translation>
    </message>
    <message>
        <source>No price was known for this model.</source>
        <translation>No se conocía ningún precio para este modelo.</translation>
    </message>
    <message>
        <source>Priced by an earlier version, which did not keep the prices it used.</source>
        <translation>Calculado por una versión anterior, que no conservó los precios que usó.</translation>
    </message>
    <message>
        <source>Your own prices for this model.</source>
        <translation>Sus propios precios para este modelo.</translation>
    </message>
    <message>
        <source>The catalogue&apos;s list prices.</source>
        <translation>Los precios de lista del catálogo.</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation>Origen: %1</translation>
    </message>
    <message>
        <source>As of: %1</source>
        <translation>Vigentes a: %1</translation>
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
        <translation>En caché</translation>
    </message>
    <message>
        <source>Cache write</source>
        <translation>Escritura en caché</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Salida</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>Razonamiento</translation>
    </message>
    <message>
        <source>Input cost</source>
        <translation>Costo de entrada</translation>
    </message>
    <message>
        <source>Cached cost</source>
        <translation>Costo en caché</translation>
    </message>
    <message>
        <source>Cache write cost</source>
        <translation>Costo de escritura en caché</translation>
    </message>
    <message>
        <source>Output cost</source>
        <translation>Costo de salida</translation>
    </message>
    <message>
        <source>Total (USD)</source>
        <translation>Total (USD)</translation>
    </message>
    <message>
        <source>Prices</source>
        <translation>Precios</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CostView</name>
    <message>
        <source>Costs</source>
        <translation>Costos</translation>
    </message>
    <message>
        <source>This session:</source>
        <translation>Esta sesión:</translation>
    </message>
    <message>
        <source>This account:</source>
        <translation>Esta cuenta:</translation>
    </message>
    <message>
        <source>Today:</source>
        <translation>Hoy:</translation>
    </message>
    <message>
        <source>All sessions:</source>
        <translation>Todas las sesiones:</translation>
    </message>
    <message>
        <source>Per answer</source>
        <translation>Por respuesta</translation>
    </message>
    <message>
        <source>Cost and tokens of each answer of this session</source>
        <translation>Costo y tokens de cada respuesta de esta sesión</translation>
    </message>
    <message>
        <source>Last %1 days</source>
        <translation>Últimos %1 días</translation>
    </message>
    <message>
        <source>Cost and tokens per day over every session</source>
        <translation>Costo y tokens por día en todas las sesiones</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exportar CSV…</translation>
    </message>
    <message>
        <source>Export the cost ledger as CSV</source>
        <translation>Exportar el registro de costos como CSV</translation>
    </message>
    <message>
        <source>Every answer of every session, with its tokens, cost and price source</source>
        <translation>Cada respuesta de cada sesión, con sus tokens, su costo y el origen del precio</translation>
    </message>
    <message>
        <source>Cost of each answer</source>
        <translation>Costo de cada respuesta</translation>
    </message>
    <message>
        <source>Cannot write the file &quot;%1&quot;: %2.</source>
        <translation>No se puede escribir el archivo &quot;%1&quot;: %2.</translation>
    </message>
    <message>
        <source>The costs could not be exported: %1</source>
        <translation>No se pudieron exportar los costos: %1</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>Exportado a %1.</translation>
    </message>
    <message>
        <source>Export Costs</source>
        <translation>Exportar costos</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>%1 USD · %n answer(s)</source>
        <translation>
            <numerusform>%1 USD · %n respuesta</numerusform>
            <numerusform>%1 USD · %n respuestas</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 tokens in, %2 out</source>
        <translation>%1 tokens de entrada, %2 de salida</translation>
    </message>
    <message numerus="yes">
        <source>%n without a price</source>
        <translation>
            <numerusform>%n sin precio</numerusform>
            <numerusform>%n sin precio</numerusform>
        </translation>
    </message>
    <message>
        <source>(reading the other sessions…)</source>
        <translation>(leyendo las demás sesiones…)</translation>
    </message>
    <message>
        <source>Account %1:</source>
        <translation>Cuenta %1:</translation>
    </message>
    <message>
        <source>%1 USD</source>
        <translation>%1 USD</translation>
    </message>
    <message>
        <source>no price</source>
        <translation>sin precio</translation>
    </message>
    <message>
        <source>Answer %1 (%2), %3
%4, %5 tokens</source>
        <translation>Respuesta %1 (%2), %3
%4, %5 tokens</translation>
    </message>
    <message>
        <source>No answer of this session has reported its usage yet.</source>
        <translation>Ninguna respuesta de esta sesión ha informado todavía de su uso.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2 USD, %n answer(s), %3 tokens</source>
        <translation>
            <numerusform>%1: %2 USD, %n respuesta, %3 tokens</numerusform>
            <numerusform>%1: %2 USD, %n respuestas, %3 tokens</numerusform>
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
        <translation>Ejecutar en &amp;todas las API</translation>
    </message>
    <message>
        <source>Send the request through every API the model serves</source>
        <translation>Enviar la solicitud a través de todas las API que ofrecen el modelo</translation>
    </message>
    <message>
        <source>Choose a model.</source>
        <translation>Elija un modelo.</translation>
    </message>
    <message>
        <source>Loading the models…</source>
        <translation>Cargando los modelos…</translation>
    </message>
    <message>
        <source>The model list does not say which APIs this model serves.</source>
        <translation>La lista de modelos no indica qué API ofrecen este modelo.</translation>
    </message>
    <message numerus="yes">
        <source>%n API(s) serve this model. The payloads below are what each would send.</source>
        <translation>
            <numerusform>%n API ofrece este modelo. Debajo se muestra la carga útil que enviaría.</numerusform>
            <numerusform>%n API ofrecen este modelo. Debajo se muestra la carga útil que enviaría cada una.</numerusform>
        </translation>
    </message>
    <message>
        <source>Payload for %1</source>
        <translation>Carga útil para %1</translation>
    </message>
    <message>
        <source>Raw usage</source>
        <translation>Uso sin procesar</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Respuesta</translation>
    </message>
    <message>
        <source>Not sent yet.</source>
        <translation>Todavía no se ha enviado.</translation>
    </message>
    <message>
        <source>This request cannot be sent: %1</source>
        <translation>Esta solicitud no se puede enviar: %1</translation>
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
        <translation>No hay ninguna API a la que enviar: elija un modelo que la lista conozca.</translation>
    </message>
    <message>
        <source>Every API answered or failed; usage is shown as each reported it.</source>
        <translation>Todas las API respondieron o fallaron; el uso se muestra tal como lo informó cada una.</translation>
    </message>
    <message>
        <source>Waiting…</source>
        <translation>En espera…</translation>
    </message>
    <message numerus="yes">
        <source>Sending through %n API(s)…</source>
        <translation>
            <numerusform>Enviando a través de %n API…</numerusform>
            <numerusform>Enviando a través de %n API…</numerusform>
        </translation>
    </message>
    <message>
        <source>not reported</source>
        <translation>no informado</translation>
    </message>
    <message>
        <source>Input %1 · output %2 · cached %3 · reasoning %4</source>
        <translation>Entrada %1 · salida %2 · en caché %3 · razonamiento %4</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Error: %1</translation>
    </message>
    <message>
        <source>No usage reported.</source>
        <translation>No se informó de ningún uso.</translation>
    </message>
    <message>
        <source>Streaming…</source>
        <translation>Transmitiendo…</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Detener</translation>
    </message>
</context>
<context>
    <name>mantle::ui::DemoDriver</name>
    <message>
        <source>The window has no page for this API.</source>
        <translation>La ventana no tiene ninguna página para esta API.</translation>
    </message>
    <message>
        <source>The model list does not offer %1.</source>
        <translation>La lista de modelos no ofrece %1.</translation>
    </message>
    <message>
        <source>No answer within %1 ms.</source>
        <translation>No hubo respuesta en %1 ms.</translation>
    </message>
    <message>
        <source>The answer was empty.</source>
        <translation>La respuesta estaba vacía.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::IamPolicyDialog</name>
    <message>
        <source>Allow subscribing to third-party (Marketplace) models</source>
        <translation>Permitir la suscripción a modelos de terceros (Marketplace)</translation>
    </message>
    <message>
        <source>Identity policy</source>
        <translation>Política de identidad</translation>
    </message>
    <message>
        <source>IAM Policy for “%1”</source>
        <translation>Política de IAM para “%1”</translation>
    </message>
    <message>
        <source>Attach it to the IAM user that owns the API key.</source>
        <translation>Asóciela al usuario de IAM propietario de la clave de API.</translation>
    </message>
    <message>
        <source>Attach it to the role %1.</source>
        <translation>Asóciela al rol %1.</translation>
    </message>
    <message>
        <source>Attach it to the IAM user or role of the access key.</source>
        <translation>Asóciela al usuario o rol de IAM de la clave de acceso.</translation>
    </message>
    <message>
        <source>The least-privilege policy for this account in %1: only what Mantle Playground needs. %2</source>
        <translation>La política de privilegios mínimos para esta cuenta en %1: solo lo que necesita Mantle Playground. %2</translation>
    </message>
    <message>
        <source>AWS account id</source>
        <translation>ID de cuenta de AWS</translation>
    </message>
    <message>
        <source>12 digits; empty: any account (*)</source>
        <translation>12 dígitos; vacío: cualquier cuenta (*)</translation>
    </message>
    <message>
        <source>AWS &amp;account id:</source>
        <translation>ID de &amp;cuenta de AWS:</translation>
    </message>
    <message>
        <source>An AWS account id has 12 digits.</source>
        <translation>Un ID de cuenta de AWS tiene 12 dígitos.</translation>
    </message>
    <message>
        <source>Identity policy:</source>
        <translation>Política de identidad:</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copiar</translation>
    </message>
    <message>
        <source>Copy the identity policy&apos;s JSON (it holds no secret).</source>
        <translation>Copiar el JSON de la política de identidad (no contiene ningún secreto).</translation>
    </message>
    <message>
        <source>Trust policy</source>
        <translation>Política de confianza</translation>
    </message>
    <message>
        <source>Trust policy of the role (who may assume it):</source>
        <translation>Política de confianza del rol (quién puede asumirlo):</translation>
    </message>
    <message>
        <source>Copy &amp;Trust Policy</source>
        <translation>Copiar política de &amp;confianza</translation>
    </message>
    <message>
        <source>Use the policy above to grant only what the playground needs, for this region; attach the managed policy when you would rather have AWS keep the permissions up to date as Mantle changes, or when several regions and tools share the principal.</source>
        <translation>Use la política anterior para conceder solo lo que necesita el playground, para esta región; asocie la política administrada si prefiere que AWS mantenga los permisos al día a medida que cambia Mantle, o si varias regiones y herramientas comparten la entidad principal.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::InspectorView</name>
    <message>
        <source>Header</source>
        <translation>Encabezado</translation>
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
        <translation>Seleccione una respuesta para ver su solicitud.</translation>
    </message>
    <message>
        <source>Request inspector</source>
        <translation>Inspector de solicitudes</translation>
    </message>
    <message>
        <source>Request summary</source>
        <translation>Resumen de la solicitud</translation>
    </message>
    <message>
        <source>Request, response and timing</source>
        <translation>Solicitud, respuesta y tiempos</translation>
    </message>
    <message>
        <source>&amp;Request</source>
        <translation>&amp;Solicitud</translation>
    </message>
    <message>
        <source>Res&amp;ponse</source>
        <translation>&amp;Respuesta</translation>
    </message>
    <message>
        <source>&amp;Timing</source>
        <translation>&amp;Tiempos</translation>
    </message>
    <message>
        <source>Method and URL</source>
        <translation>Método y URL</translation>
    </message>
    <message>
        <source>Copy as c&amp;url</source>
        <translation>Copiar como c&amp;url</translation>
    </message>
    <message>
        <source>Copy this request as a curl command that reads the credentials from the environment</source>
        <translation>Copiar esta solicitud como un comando curl que lee las credenciales del entorno</translation>
    </message>
    <message>
        <source>E&amp;xport as code…</source>
        <translation>E&amp;xportar como código…</translation>
    </message>
    <message>
        <source>Show this request as a Python, TypeScript or curl program</source>
        <translation>Mostrar esta solicitud como un programa de Python, TypeScript o curl</translation>
    </message>
    <message>
        <source>Request headers</source>
        <translation>Encabezados de la solicitud</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>Cuerpo</translation>
    </message>
    <message>
        <source>Ra&amp;w</source>
        <translation>Sin &amp;formato</translation>
    </message>
    <message>
        <source>Show the exact request bytes</source>
        <translation>Mostrar los bytes exactos de la solicitud</translation>
    </message>
    <message>
        <source>Show the body byte for byte as it was sent, not indented.</source>
        <translation>Mostrar el cuerpo byte a byte tal como se envió, sin sangría.</translation>
    </message>
    <message>
        <source>Request body</source>
        <translation>Cuerpo de la solicitud</translation>
    </message>
    <message>
        <source>No body</source>
        <translation>Sin cuerpo</translation>
    </message>
    <message>
        <source>Response status</source>
        <translation>Estado de la respuesta</translation>
    </message>
    <message>
        <source>Response headers</source>
        <translation>Encabezados de la respuesta</translation>
    </message>
    <message>
        <source>Server-sent events</source>
        <translation>Eventos enviados por el servidor</translation>
    </message>
    <message>
        <source>Data of the selected event</source>
        <translation>Datos del evento seleccionado</translation>
    </message>
    <message>
        <source>Select an event to see its data.</source>
        <translation>Seleccione un evento para ver sus datos.</translation>
    </message>
    <message>
        <source>R&amp;aw</source>
        <translation>Sin &amp;formato</translation>
    </message>
    <message>
        <source>Show the exact response bytes</source>
        <translation>Mostrar los bytes exactos de la respuesta</translation>
    </message>
    <message>
        <source>Show the body byte for byte as it arrived, not indented.</source>
        <translation>Mostrar el cuerpo byte a byte tal como llegó, sin sangría.</translation>
    </message>
    <message>
        <source>Response body</source>
        <translation>Cuerpo de la respuesta</translation>
    </message>
    <message>
        <source>Attempts:</source>
        <translation>Intentos:</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Intentos</translation>
    </message>
    <message>
        <source>Route prefix:</source>
        <translation>Prefijo de ruta:</translation>
    </message>
    <message>
        <source>Route prefix</source>
        <translation>Prefijo de ruta</translation>
    </message>
    <message>
        <source>Time to first byte:</source>
        <translation>Tiempo hasta el primer byte:</translation>
    </message>
    <message>
        <source>Time to first byte</source>
        <translation>Tiempo hasta el primer byte</translation>
    </message>
    <message>
        <source>Time to first token:</source>
        <translation>Tiempo hasta el primer token:</translation>
    </message>
    <message>
        <source>Time to first token</source>
        <translation>Tiempo hasta el primer token</translation>
    </message>
    <message>
        <source>Total:</source>
        <translation>Total:</translation>
    </message>
    <message>
        <source>Total time</source>
        <translation>Tiempo total</translation>
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
        <translation>Error:</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
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
        <translation>Esperando la respuesta…</translation>
    </message>
    <message>
        <source>No answer arrived.</source>
        <translation>No llegó ninguna respuesta.</translation>
    </message>
    <message>
        <source>Status %1</source>
        <translation>Estado %1</translation>
    </message>
    <message>
        <source>%1 · request id %2</source>
        <translation>%1 · ID de solicitud %2</translation>
    </message>
    <message>
        <source>%1 (retries: %2)</source>
        <translation>%1 (reintentos: %2)</translation>
    </message>
    <message>
        <source>%1 (switched after a wrong-prefix answer)</source>
        <translation>%1 (cambiado tras una respuesta de prefijo incorrecto)</translation>
    </message>
    <message>
        <source>running…</source>
        <translation>en curso…</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Ninguno</translation>
    </message>
    <message>
        <source>Yes: only the first %1 events and %2 MB of body were kept.</source>
        <translation>Sí: solo se conservaron los primeros %1 eventos y %2 MB del cuerpo.</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>streaming, %1 events so far</source>
        <translation>transmitiendo, %1 eventos hasta ahora</translation>
    </message>
    <message>
        <source>%1 ms in total</source>
        <translation>%1 ms en total</translation>
    </message>
    <message>
        <source>first token after %1 ms</source>
        <translation>primer token tras %1 ms</translation>
    </message>
    <message>
        <source>retries: %1</source>
        <translation>reintentos: %1</translation>
    </message>
    <message>
        <source>route switched to %1</source>
        <translation>ruta cambiada a %1</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>error: %1</translation>
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
        <translation>Listo</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Región</translation>
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
        <translation>Volver a pedir a la región sus modelos</translation>
    </message>
    <message>
        <source>Refresh models</source>
        <translation>Actualizar modelos</translation>
    </message>
    <message>
        <source>Demo: offline, answered by the built-in emulator</source>
        <translation>Demostración: sin conexión, responde el emulador integrado</translation>
    </message>
    <message>
        <source>The “%1” account answers from the Mantle emulator built into the app: no AWS account, no network, no cost. Add your own account with File &gt; Accounts….</source>
        <translation>La cuenta “%1” responde desde el emulador de Mantle integrado en la aplicación: sin cuenta de AWS, sin red, sin costo. Agregue su propia cuenta con Archivo &gt; Cuentas….</translation>
    </message>
    <message>
        <source>&amp;Account:</source>
        <translation>&amp;Cuenta:</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>&amp;Región:</translation>
    </message>
    <message>
        <source>M&amp;odel:</source>
        <translation>M&amp;odelo:</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sesiones</translation>
    </message>
    <message>
        <source>Request Inspector</source>
        <translation>Inspector de solicitudes</translation>
    </message>
    <message>
        <source>Select an answer to see the request that was sent.</source>
        <translation>Seleccione una respuesta para ver la solicitud que se envió.</translation>
    </message>
    <message>
        <source>Select an answer to export its request.</source>
        <translation>Seleccione una respuesta para exportar su solicitud.</translation>
    </message>
    <message>
        <source>Demo mode: the “%1” account answers from the emulator built into the app.</source>
        <translation>Modo de demostración: la cuenta “%1” responde desde el emulador integrado en la aplicación.</translation>
    </message>
    <message>
        <source>No account: File &gt; Accounts…</source>
        <translation>Sin cuenta: Archivo &gt; Cuentas…</translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation>Pidiendo a %1 sus modelos…</translation>
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
        <translation>No se pudo obtener la lista de modelos en vivo, así que se muestran los modelos del catálogo: %1</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1
Surfaces: %2</source>
        <translation>%1
API: %2</translation>
    </message>
    <message>
        <source>No model of this account serves %1</source>
        <translation>Ningún modelo de esta cuenta ofrece %1</translation>
    </message>
    <message>
        <source>This session uses an API the playground does not show.</source>
        <translation>Esta sesión usa una API que el playground no muestra.</translation>
    </message>
    <message>
        <source>Stop the answer that is streaming before opening another session.</source>
        <translation>Detenga la respuesta que se está transmitiendo antes de abrir otra sesión.</translation>
    </message>
    <message>
        <source>Cannot open the session “%1”: %2</source>
        <translation>No se puede abrir la sesión “%1”: %2</translation>
    </message>
    <message>
        <source>Cannot open the session “%1” now.</source>
        <translation>No se puede abrir la sesión “%1” ahora.</translation>
    </message>
    <message>
        <source>Opened the session “%1”; changes are saved in the app&apos;s sessions.</source>
        <translation>Se abrió la sesión “%1”; los cambios se guardan en las sesiones de la aplicación.</translation>
    </message>
    <message>
        <source>Stop the answer that is streaming before starting a new session.</source>
        <translation>Detenga la respuesta que se está transmitiendo antes de iniciar una sesión nueva.</translation>
    </message>
    <message>
        <source>New session.</source>
        <translation>Sesión nueva.</translation>
    </message>
    <message>
        <source>Import Session</source>
        <translation>Importar sesión</translation>
    </message>
    <message>
        <source>Sessions (*.json *.md *.markdown);;Session files (*.json);;Markdown (*.md *.markdown)</source>
        <translation>Sesiones (*.json *.md *.markdown);;Archivos de sesión (*.json);;Markdown (*.md *.markdown)</translation>
    </message>
    <message>
        <source>The session could not be imported: %1</source>
        <translation>No se pudo importar la sesión: %1</translation>
    </message>
    <message>
        <source>Export Session</source>
        <translation>Exportar sesión</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Session files (*.json)</source>
        <translation>Archivos de sesión (*.json)</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>Exportado a %1.</translation>
    </message>
    <message>
        <source>The session could not be exported: %1</source>
        <translation>No se pudo exportar la sesión: %1</translation>
    </message>
    <message>
        <source>Stop the answer that is streaming before deleting its session.</source>
        <translation>Detenga la respuesta que se está transmitiendo antes de eliminar su sesión.</translation>
    </message>
    <message>
        <source>That answer is no longer in its session.</source>
        <translation>Esa respuesta ya no está en su sesión.</translation>
    </message>
    <message>
        <source>Continuing “%1”.</source>
        <translation>Continuando “%1”.</translation>
    </message>
    <message>
        <source>Forked “%1” after that answer: the new session goes on from there.</source>
        <translation>Se bifurcó “%1” tras esa respuesta: la nueva sesión sigue desde ahí.</translation>
    </message>
    <message>
        <source>The request cannot be exported: %1</source>
        <translation>No se puede exportar la solicitud: %1</translation>
    </message>
    <message>
        <source>Select an answer to copy its request.</source>
        <translation>Seleccione una respuesta para copiar su solicitud.</translation>
    </message>
    <message>
        <source>Copied the request as curl (signed with SigV4 from $AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY)</source>
        <translation>Se copió la solicitud como curl (firmada con SigV4 a partir de $AWS_ACCESS_KEY_ID y $AWS_SECRET_ACCESS_KEY)</translation>
    </message>
    <message>
        <source>Copied the request as curl (the key is read from $AWS_BEARER_TOKEN_BEDROCK)</source>
        <translation>Se copió la solicitud como curl (la clave se lee de $AWS_BEARER_TOKEN_BEDROCK)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;New Session</source>
        <translation>&amp;Nueva sesión</translation>
    </message>
    <message>
        <source>&amp;Import Session…</source>
        <translation>&amp;Importar sesión…</translation>
    </message>
    <message>
        <source>Export Session as &amp;JSON…</source>
        <translation>Exportar sesión como &amp;JSON…</translation>
    </message>
    <message>
        <source>Export Session as Mar&amp;kdown…</source>
        <translation>Exportar sesión como Mar&amp;kdown…</translation>
    </message>
    <message>
        <source>&amp;Accounts…</source>
        <translation>&amp;Cuentas…</translation>
    </message>
    <message>
        <source>&amp;Models…</source>
        <translation>&amp;Modelos…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <source>&amp;Find Sessions</source>
        <translation>&amp;Buscar sesiones</translation>
    </message>
    <message>
        <source>&amp;Playground</source>
        <translation>&amp;Playground</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Enviar</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Detener</translation>
    </message>
    <message>
        <source>&amp;Export as Code…</source>
        <translation>E&amp;xportar como código…</translation>
    </message>
    <message>
        <source>Demo &amp;Failures</source>
        <translation>&amp;Fallos de demostración</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Ninguno</translation>
    </message>
    <message>
        <source>Access Denied</source>
        <translation>Acceso denegado</translation>
    </message>
    <message>
        <source>Wrong Route Prefix</source>
        <translation>Prefijo de ruta incorrecto</translation>
    </message>
    <message>
        <source>Too Many Requests (429)</source>
        <translation>Demasiadas solicitudes (429)</translation>
    </message>
    <message>
        <source>Server Error (500)</source>
        <translation>Error del servidor (500)</translation>
    </message>
    <message>
        <source>Connection Cut Mid-Answer</source>
        <translation>Conexión cortada a mitad de respuesta</translation>
    </message>
    <message>
        <source>Malformed Event</source>
        <translation>Evento con formato incorrecto</translation>
    </message>
    <message>
        <source>Slow Server (3 s)</source>
        <translation>Servidor lento (3 s)</translation>
    </message>
    <message>
        <source>The demo account behaves again.</source>
        <translation>La cuenta de demostración vuelve a funcionar con normalidad.</translation>
    </message>
    <message>
        <source>The demo account now fails every request: %1.</source>
        <translation>La cuenta de demostración ahora hace fallar cada solicitud: %1.</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Sessions</source>
        <translation>&amp;Sesiones</translation>
    </message>
    <message>
        <source>Request &amp;Inspector</source>
        <translation>&amp;Inspector de solicitudes</translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation>&amp;Pantalla completa</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Atajos de teclado</translation>
    </message>
    <message>
        <source>&amp;About Mantle Playground</source>
        <translation>Acerca &amp;de Mantle Playground</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Acerca de &amp;Qt</translation>
    </message>
    <message>
        <source>Restart Mantle Playground?</source>
        <translation>¿Reiniciar Mantle Playground?</translation>
    </message>
    <message>
        <source>The new language is used from the next start. Restart now? Your sessions are saved first.</source>
        <translation>El nuevo idioma se usará a partir del próximo inicio. ¿Reiniciar ahora? Antes se guardarán sus sesiones.</translation>
    </message>
    <message>
        <source>&amp;Restart Now</source>
        <translation>&amp;Reiniciar ahora</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>&amp;Más tarde</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Preferencias…</translation>
    </message>
    <message>
        <source>&amp;Compare…</source>
        <translation>&amp;Comparar…</translation>
    </message>
    <message>
        <source>Short-term API key until %1</source>
        <translation>Clave de API a corto plazo hasta las %1</translation>
    </message>
    <message>
        <source>The requests of “%1” in %2 go with a short-term Bedrock API key (Bearer) instead of a SigV4 signature until %3, then with SigV4 again. File &gt; Accounts… &gt; Short-term API key… stops it.</source>
        <translation>Las solicitudes de “%1” en %2 se envían con una clave de API de Bedrock a corto plazo (Bearer) en lugar de una firma SigV4 hasta las %3; después, de nuevo con SigV4. Archivo &gt; Cuentas… &gt; Clave de API a corto plazo… lo detiene.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ModelEditor</name>
    <message>
        <source>Add model</source>
        <translation>Agregar modelo</translation>
    </message>
    <message>
        <source>Edit model %1</source>
        <translation>Editar modelo %1</translation>
    </message>
    <message>
        <source>Model id</source>
        <translation>ID de modelo</translation>
    </message>
    <message>
        <source>e.g. moonshotai.kimi-k2-thinking</source>
        <translation>p. ej., moonshotai.kimi-k2-thinking</translation>
    </message>
    <message>
        <source>Model &amp;id:</source>
        <translation>&amp;ID de modelo:</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Nombre visible</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>OpenAI-style prefix</source>
        <translation>Prefijo al estilo de OpenAI</translation>
    </message>
    <message>
        <source>As the catalogue says</source>
        <translation>Según el catálogo</translation>
    </message>
    <message>
        <source>&amp;Prefix:</source>
        <translation>&amp;Prefijo:</translation>
    </message>
    <message>
        <source>Set the surfaces</source>
        <translation>Definir las API</translation>
    </message>
    <message>
        <source>Private prices (per million tokens)</source>
        <translation>Precios privados (por millón de tokens)</translation>
    </message>
    <message>
        <source>Private prices</source>
        <translation>Precios privados</translation>
    </message>
    <message>
        <source>Input price per million tokens</source>
        <translation>Precio de entrada por millón de tokens</translation>
    </message>
    <message>
        <source>Output price per million tokens</source>
        <translation>Precio de salida por millón de tokens</translation>
    </message>
    <message>
        <source>I&amp;nput:</source>
        <translation>E&amp;ntrada:</translation>
    </message>
    <message>
        <source>O&amp;utput:</source>
        <translation>Sa&amp;lida:</translation>
    </message>
    <message>
        <source>“%1” cannot be a model id: it must not be empty or contain white space or &apos;/&apos;.</source>
        <translation>“%1” no puede ser un ID de modelo: no puede estar vacío ni contener espacios en blanco o &apos;/&apos;.</translation>
    </message>
    <message>
        <source>Choose at least one surface.</source>
        <translation>Elija al menos una API.</translation>
    </message>
    <message>
        <source>set by the user</source>
        <translation>definido por el usuario</translation>
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
        <translation>en vivo</translation>
    </message>
    <message>
        <source>catalogue</source>
        <translation>catálogo</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
    <message>
        <source>%1 (private)</source>
        <translation>%1 (privado)</translation>
    </message>
    <message>
        <source>%1 shows in the playground&apos;s model picker</source>
        <translation>%1 aparece en el selector de modelos del playground</translation>
    </message>
    <message>
        <source>%1 does not show in the playground&apos;s model picker</source>
        <translation>%1 no aparece en el selector de modelos del playground</translation>
    </message>
    <message>
        <source>Show in the playground&apos;s model picker</source>
        <translation>Mostrar en el selector de modelos del playground</translation>
    </message>
    <message>
        <source>Picker</source>
        <translation>Selector</translation>
    </message>
    <message>
        <source>Model id</source>
        <translation>ID de modelo</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origen</translation>
    </message>
    <message>
        <source>Surfaces</source>
        <translation>API</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>Prefijo</translation>
    </message>
    <message>
        <source>Input / million</source>
        <translation>Entrada / millón</translation>
    </message>
    <message>
        <source>Output / million</source>
        <translation>Salida / millón</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ModelsView</name>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualizar</translation>
    </message>
    <message>
        <source>&amp;Add model…</source>
        <translation>Agregar &amp;modelo…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Editar…</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>E&amp;liminar</translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation>Seleccionar &amp;todo</translation>
    </message>
    <message>
        <source>Select &amp;none</source>
        <translation>Seleccionar &amp;ninguno</translation>
    </message>
    <message>
        <source>Select all &amp;for</source>
        <translation>Seleccionar todo &amp;para</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelos</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Región</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Refresh the live model list</source>
        <translation>Actualizar la lista de modelos en vivo</translation>
    </message>
    <message>
        <source>A&amp;ccount:</source>
        <translation>&amp;Cuenta:</translation>
    </message>
    <message>
        <source>Re&amp;gion:</source>
        <translation>Re&amp;gión:</translation>
    </message>
    <message>
        <source>Add a custom model</source>
        <translation>Agregar un modelo personalizado</translation>
    </message>
    <message>
        <source>Edit the selected model</source>
        <translation>Editar el modelo seleccionado</translation>
    </message>
    <message>
        <source>Remove the selected custom model</source>
        <translation>Eliminar el modelo personalizado seleccionado</translation>
    </message>
    <message>
        <source>Offer every model in the playground&apos;s model picker, also models that appear later.</source>
        <translation>Ofrecer todos los modelos en el selector de modelos del playground, incluidos los que aparezcan más adelante.</translation>
    </message>
    <message>
        <source>Offer no model in the playground&apos;s model picker until you check some.</source>
        <translation>No ofrecer ningún modelo en el selector de modelos del playground hasta que marque alguno.</translation>
    </message>
    <message>
        <source>Add the listed models that serve an API to the playground&apos;s model picker.</source>
        <translation>Agregar al selector de modelos del playground los modelos de la lista que ofrecen una API.</translation>
    </message>
    <message>
        <source>Model picker:</source>
        <translation>Selector de modelos:</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>No account yet: the catalogue&apos;s models show. Add an account with File &gt; Accounts… to see a region&apos;s live list.</source>
        <translation>Aún no hay cuentas: se muestran los modelos del catálogo. Agregue una cuenta con Archivo &gt; Cuentas… para ver la lista en vivo de una región.</translation>
    </message>
    <message>
        <source>The catalogue&apos;s models show: press Refresh for the models the region serves.</source>
        <translation>Se muestran los modelos del catálogo: pulse Actualizar para ver los modelos que ofrece la región.</translation>
    </message>
    <message>
        <source>The catalogue&apos;s models show: press Refresh for the models %1 serves.</source>
        <translation>Se muestran los modelos del catálogo: pulse Actualizar para ver los modelos que ofrece %1.</translation>
    </message>
    <message>
        <source>Add an account first (File &gt; Accounts…).</source>
        <translation>Agregue primero una cuenta (Archivo &gt; Cuentas…).</translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation>Pidiendo a %1 sus modelos…</translation>
    </message>
    <message>
        <source>The account could not be used: %1</source>
        <translation>No se pudo usar la cuenta: %1</translation>
    </message>
    <message>
        <source>The model list of %1 could not be fetched: %2</source>
        <translation>No se pudo obtener la lista de modelos de %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) live in %1.</source>
        <translation>
            <numerusform>%n modelo en vivo en %1.</numerusform>
            <numerusform>%n modelos en vivo en %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Model “%1” added.</source>
        <translation>Se agregó el modelo “%1”.</translation>
    </message>
    <message>
        <source>Model “%1” changed.</source>
        <translation>Se modificó el modelo “%1”.</translation>
    </message>
    <message>
        <source>Model “%1” removed.</source>
        <translation>Se eliminó el modelo “%1”.</translation>
    </message>
    <message numerus="yes">
        <source>The model picker offers %1 of the %n model(s) listed.</source>
        <translation>
            <numerusform>El selector de modelos ofrece %1 del único modelo de la lista.</numerusform>
            <numerusform>El selector de modelos ofrece %1 de los %n modelos de la lista.</numerusform>
        </translation>
    </message>
    <message>
        <source>The model picker offers every model.</source>
        <translation>El selector de modelos ofrece todos los modelos.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ParametersPanel</name>
    <message>
        <source>Parameters</source>
        <translation>Parámetros</translation>
    </message>
    <message>
        <source>How random the answer is: lower is more focused and repeatable, higher more varied. From 0 to %1. Unset, the server&apos;s default applies.</source>
        <translation>Cuán aleatoria es la respuesta: más baja, más centrada y repetible; más alta, más variada. De 0 a %1. Sin definir, se aplica el valor predeterminado del servidor.</translation>
    </message>
    <message>
        <source>&amp;Temperature:</source>
        <translation>&amp;Temperatura:</translation>
    </message>
    <message>
        <source>Set the temperature</source>
        <translation>Definir la temperatura</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatura</translation>
    </message>
    <message>
        <source>Nucleus sampling: the model only picks from the most likely tokens whose probabilities add up to this value, from 0 to 1. Change this or the temperature, not both.</source>
        <translation>Muestreo de núcleo: el modelo solo elige entre los tokens más probables cuyas probabilidades suman este valor, de 0 a 1. Cambie esto o la temperatura, no ambos.</translation>
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
        <translation>La respuesta más larga que puede escribir el modelo, en tokens (en los modelos de razonamiento, el razonamiento también cuenta). Se envía como %1.</translation>
    </message>
    <message>
        <source>&amp;Max output tokens:</source>
        <translation>&amp;Máximo de tokens de salida:</translation>
    </message>
    <message>
        <source>Set the maximum output tokens</source>
        <translation>Definir el máximo de tokens de salida</translation>
    </message>
    <message>
        <source>Maximum output tokens</source>
        <translation>Máximo de tokens de salida</translation>
    </message>
    <message>
        <source>Stop sequences, one per line</source>
        <translation>Secuencias de parada, una por línea</translation>
    </message>
    <message>
        <source>Text at which the model stops writing (the text itself is not returned). One sequence per line; commas are part of the sequence. Write \n for a line break, \t for a tab and \\ for a backslash. Chat Completions accepts up to %1.</source>
        <translation>Texto en el que el modelo deja de escribir (ese texto no se devuelve). Una secuencia por línea; las comas forman parte de la secuencia. Escriba \n para un salto de línea, \t para una tabulación y \\ para una barra invertida. Chat Completions acepta hasta %1.</translation>
    </message>
    <message>
        <source>None (one per line)</source>
        <translation>Ninguna (una por línea)</translation>
    </message>
    <message>
        <source>&amp;Stop sequences:</source>
        <translation>&amp;Secuencias de parada:</translation>
    </message>
    <message>
        <source>Ask for repeatable sampling: the same seed and parameters should give the same answer (best effort, not guaranteed).</source>
        <translation>Pedir un muestreo repetible: la misma semilla y los mismos parámetros deberían dar la misma respuesta (en la medida de lo posible, sin garantía).</translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation>S&amp;emilla:</translation>
    </message>
    <message>
        <source>Set the seed</source>
        <translation>Definir la semilla</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Semilla</translation>
    </message>
    <message>
        <source>Reasoning effort</source>
        <translation>Esfuerzo de razonamiento</translation>
    </message>
    <message>
        <source>How long a reasoning model thinks before it answers: more effort helps with hard questions and costs more tokens and time.</source>
        <translation>Cuánto piensa un modelo de razonamiento antes de responder: más esfuerzo ayuda con preguntas difíciles y cuesta más tokens y tiempo.</translation>
    </message>
    <message>
        <source>Server default</source>
        <translation>Predeterminado del servidor</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Bajo</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Medio</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Alto</translation>
    </message>
    <message>
        <source>&amp;Reasoning effort:</source>
        <translation>Esfuerzo de &amp;razonamiento:</translation>
    </message>
    <message>
        <source>&amp;Adaptive thinking</source>
        <translation>Pensamiento &amp;adaptativo</translation>
    </message>
    <message>
        <source>Adaptive thinking</source>
        <translation>Pensamiento adaptativo</translation>
    </message>
    <message>
        <source>Let Claude think before it answers; how much follows the reasoning effort.</source>
        <translation>Dejar que Claude piense antes de responder; cuánto, lo determina el esfuerzo de razonamiento.</translation>
    </message>
    <message>
        <source>Strea&amp;m the answer</source>
        <translation>Tra&amp;nsmitir la respuesta</translation>
    </message>
    <message>
        <source>Stream the answer</source>
        <translation>Transmitir la respuesta</translation>
    </message>
    <message>
        <source>Show the answer while it is written (server-sent events). Off, the answer appears when it is complete.</source>
        <translation>Mostrar la respuesta mientras se escribe (eventos enviados por el servidor). Desactivado, la respuesta aparece cuando está completa.</translation>
    </message>
    <message>
        <source>St&amp;ore the response</source>
        <translation>Alma&amp;cenar la respuesta</translation>
    </message>
    <message>
        <source>Store the response</source>
        <translation>Almacenar la respuesta</translation>
    </message>
    <message>
        <source>Keep the response on the server, so that a later request can continue from it (previous_response_id).</source>
        <translation>Conservar la respuesta en el servidor, para que una solicitud posterior pueda continuar desde ella (previous_response_id).</translation>
    </message>
    <message>
        <source>Stored responses are kept for 30 days in the region the request went to.</source>
        <translation>Las respuestas almacenadas se conservan 30 días en la región a la que se envió la solicitud.</translation>
    </message>
    <message>
        <source>Run in the &amp;background</source>
        <translation>Ejecutar en se&amp;gundo plano</translation>
    </message>
    <message>
        <source>Run in the background</source>
        <translation>Ejecutar en segundo plano</translation>
    </message>
    <message>
        <source>The server answers later: the app polls the stored response until it is done (Stop cancels it). Needs the response stored.</source>
        <translation>El servidor responde más tarde: la aplicación consulta la respuesta almacenada hasta que termina (Detener la cancela). Requiere almacenar la respuesta.</translation>
    </message>
    <message>
        <source>Reset to &amp;defaults</source>
        <translation>Restablecer &amp;valores predeterminados</translation>
    </message>
    <message>
        <source>Reset the parameters to their defaults</source>
        <translation>Restablecer los parámetros a sus valores predeterminados</translation>
    </message>
    <message>
        <source>Unset every value so that the server&apos;s defaults apply.</source>
        <translation>Quitar todos los valores para que se apliquen los predeterminados del servidor.</translation>
    </message>
    <message>
        <source>Default: %1, always sent (Messages requires max_tokens)</source>
        <translation>Predeterminado: %1, siempre se envía (Messages requiere max_tokens)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Stop sequences</source>
        <translation>Secuencias de parada</translation>
    </message>
    <message>
        <source>Chat Completions accepts at most %1 stop sequences; there are %2.</source>
        <translation>Chat Completions acepta como máximo %1 secuencias de parada; hay %2.</translation>
    </message>
    <message>
        <source>enter a whole number, or untick it.</source>
        <translation>introduzca un número entero o desmarque la casilla.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::PlaygroundPage</name>
    <message>
        <source>New session</source>
        <translation>Nueva sesión</translation>
    </message>
    <message>
        <source>Receiving the answer…</source>
        <translation>Recibiendo la respuesta…</translation>
    </message>
    <message>
        <source>&amp;Instructions (developer prompt)</source>
        <translation>&amp;Instrucciones (prompt de desarrollador)</translation>
    </message>
    <message>
        <source>&amp;System prompt</source>
        <translation>Prompt del &amp;sistema</translation>
    </message>
    <message>
        <source>Instructions</source>
        <translation>Instrucciones</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>Prompt del sistema</translation>
    </message>
    <message>
        <source>Optional: how the model should behave.</source>
        <translation>Opcional: cómo debe comportarse el modelo.</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Type a prompt, then press Ctrl+Enter to send.</source>
        <translation>Escriba un prompt y pulse Ctrl+Intro para enviarlo.</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Enviar</translation>
    </message>
    <message>
        <source>Send the prompt (Ctrl+Enter)</source>
        <translation>Enviar el prompt (Ctrl+Intro)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Detener</translation>
    </message>
    <message>
        <source>Stop the answer; what arrived is kept (Esc)</source>
        <translation>Detener la respuesta; se conserva lo que haya llegado (Esc)</translation>
    </message>
    <message>
        <source>Request settings</source>
        <translation>Configuración de la solicitud</translation>
    </message>
    <message>
        <source>&amp;Parameters</source>
        <translation>&amp;Parámetros</translation>
    </message>
    <message>
        <source>T&amp;ools</source>
        <translation>&amp;Herramientas</translation>
    </message>
    <message>
        <source>Sc&amp;hema</source>
        <translation>Es&amp;quema</translation>
    </message>
    <message>
        <source>Chai&amp;n</source>
        <translation>Cade&amp;na</translation>
    </message>
    <message>
        <source>Cos&amp;t</source>
        <translation>Cos&amp;to</translation>
    </message>
    <message>
        <source>Choose a model above.</source>
        <translation>Elija un modelo arriba.</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>Type a prompt first.</source>
        <translation>Escriba primero un prompt.</translation>
    </message>
    <message>
        <source>Choose a model first (the Model list above).</source>
        <translation>Elija primero un modelo (la lista Modelo de arriba).</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Conectando con %1…</translation>
    </message>
    <message>
        <source>The account “%1” could not be used: %2</source>
        <translation>No se pudo usar la cuenta “%1”: %2</translation>
    </message>
    <message>
        <source>Waiting for %1…</source>
        <translation>Esperando a %1…</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>No enviado: %1</translation>
    </message>
    <message>
        <source>Stopped before sending.</source>
        <translation>Detenido antes de enviar.</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Detenido</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Listo</translation>
    </message>
    <message>
        <source>%1 s to first token</source>
        <translation>%1 s hasta el primer token</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 tokens/s</translation>
    </message>
    <message>
        <source>%1 s in all</source>
        <translation>%1 s en total</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Usted</translation>
    </message>
    <message>
        <source>Tool result · %1</source>
        <translation>Resultado de herramienta · %1</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Asistente</translation>
    </message>
    <message>
        <source>Assistant · %1</source>
        <translation>Asistente · %1</translation>
    </message>
    <message>
        <source>The answer was cut short: %1
What arrived is kept; re-run to try again.</source>
        <translation>La respuesta quedó incompleta: %1
Se conserva lo que llegó; vuelva a ejecutar para intentarlo de nuevo.</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>detenido</translation>
    </message>
    <message>
        <source>%1 in · %2 out</source>
        <translation>entrada: %1 · salida: %2</translation>
    </message>
    <message>
        <source>%1 reasoning</source>
        <translation>%1 de razonamiento</translation>
    </message>
    <message>
        <source>no price known</source>
        <translation>precio desconocido</translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s)</source>
        <translation>
            <numerusform>%n intento</numerusform>
            <numerusform>%n intentos</numerusform>
        </translation>
    </message>
    <message>
        <source>session cost unknown: no price for this model (set one in File &gt; Models…)</source>
        <translation>costo de la sesión desconocido: no hay precio para este modelo (defina uno en Archivo &gt; Modelos…)</translation>
    </message>
    <message>
        <source>session cost $%1</source>
        <translation>costo de la sesión: %1 USD</translation>
    </message>
    <message numerus="yes">
        <source>(%n answer(s) without a known price)</source>
        <translation>
            <numerusform>(%n respuesta sin precio conocido)</numerusform>
            <numerusform>(%n respuestas sin precio conocido)</numerusform>
        </translation>
    </message>
    <message>
        <source>There is no question before this answer to ask again.</source>
        <translation>No hay ninguna pregunta antes de esta respuesta que volver a hacer.</translation>
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
        <translation>No se pudo guardar la sesión: %1</translation>
    </message>
    <message>
        <source>The answer could not be saved: %1</source>
        <translation>No se pudo guardar la respuesta: %1</translation>
    </message>
    <message>
        <source>≈ %1 input tokens</source>
        <translation>≈ %1 tokens de entrada</translation>
    </message>
    <message>
        <source>Input tokens of the request Send would send now (the conversation, the prompt, the system prompt and the tools), counted by Mantle&apos;s count_tokens.</source>
        <translation>Tokens de entrada de la solicitud que Enviar enviaría ahora (la conversación, el prompt, el prompt del sistema y las herramientas), contados por count_tokens de Mantle.</translation>
    </message>
    <message>
        <source>≈ $%1</source>
        <translation>≈ %1 USD</translation>
    </message>
    <message>
        <source>The cost is the input at %1 per million input tokens.</source>
        <translation>El costo es la entrada a %1 por millón de tokens de entrada.</translation>
    </message>
    <message>
        <source>No price is known for this model, so no cost is shown (set one in File &gt; Models…).</source>
        <translation>No se conoce ningún precio para este modelo, así que no se muestra ningún costo (defina uno en Archivo &gt; Modelos…).</translation>
    </message>
    <message>
        <source>up to $%1 with the answer</source>
        <translation>hasta %1 USD con la respuesta</translation>
    </message>
    <message>
        <source>With the answer: the input plus at most %1 output tokens (Max tokens) at %2 per million output tokens; a shorter answer costs less.</source>
        <translation>Con la respuesta: la entrada más, como máximo, %1 tokens de salida (Máximo de tokens de salida) a %2 por millón de tokens de salida; una respuesta más corta cuesta menos.</translation>
    </message>
    <message>
        <source>≈ ? tokens</source>
        <translation>≈ ? tokens</translation>
    </message>
    <message>
        <source>The tokens could not be counted: %1</source>
        <translation>No se pudieron contar los tokens: %1</translation>
    </message>
</context>
<context>
    <name>mantle::ui::PlaygroundServices</name>
    <message>
        <source>Demo (local emulator)</source>
        <translation>Demostración (emulador local)</translation>
    </message>
    <message>
        <source>The demo account could not start its emulator: %1</source>
        <translation>La cuenta de demostración no pudo iniciar su emulador: %1</translation>
    </message>
    <message>
        <source>Another program may hold the local network; restart the app or add an AWS account with File &gt; Accounts….</source>
        <translation>Puede que otro programa esté ocupando la red local; reinicie la aplicación o agregue una cuenta de AWS con Archivo &gt; Cuentas….</translation>
    </message>
    <message>
        <source>The demo account is not running.</source>
        <translation>La cuenta de demostración no está en ejecución.</translation>
    </message>
    <message>
        <source>Restart the app with --demo, or choose another account.</source>
        <translation>Reinicie la aplicación con --demo o elija otra cuenta.</translation>
    </message>
    <message>
        <source>The demo account is not running, so its address is unknown.</source>
        <translation>La cuenta de demostración no está en ejecución, así que se desconoce su dirección.</translation>
    </message>
    <message>
        <source>The account “%1” does not sign with SigV4, so no short-term API key can be made from it.</source>
        <translation>La cuenta “%1” no firma con SigV4, así que no se puede crear a partir de ella una clave de API a corto plazo.</translation>
    </message>
    <message>
        <source>Use an account with access keys or a role.</source>
        <translation>Use una cuenta con claves de acceso o un rol.</translation>
    </message>
    <message>
        <source>The account has no SigV4 credentials.</source>
        <translation>La cuenta no tiene credenciales de SigV4.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Preferencias</translation>
    </message>
    <message>
        <source>System language (%1)</source>
        <translation>Idioma del sistema (%1)</translation>
    </message>
    <message>
        <source>A new language is used from the next start of Mantle Playground.</source>
        <translation>Un idioma nuevo se aplica a partir del próximo inicio de Mantle Playground.</translation>
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
        <translation>Tiempo (ms)</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Datos</translation>
    </message>
</context>
<context>
    <name>mantle::ui::RegionMatrixView</name>
    <message>
        <source>&amp;Use this region</source>
        <translation>&amp;Usar esta región</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Any model (count only)</source>
        <translation>Cualquier modelo (solo recuento)</translation>
    </message>
    <message>
        <source>%v of %m regions</source>
        <translation>%v de %m regiones</translation>
    </message>
    <message>
        <source>Use the selected region with this account and model</source>
        <translation>Usar la región seleccionada con esta cuenta y este modelo</translation>
    </message>
    <message>
        <source>Regions</source>
        <translation>Regiones</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Región</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Serves model</source>
        <translation>Ofrece el modelo</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelos</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>Latencia (ms)</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>A&amp;ccount:</source>
        <translation>&amp;Cuenta:</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modelo:</translation>
    </message>
    <message>
        <source>This account sends every region to the same endpoint, %1: each row shows what that endpoint answers for the region (with SigV4, the region the request is signed for), not what the region&apos;s own Mantle endpoint serves.</source>
        <translation>Esta cuenta envía todas las regiones al mismo punto de enlace, %1: cada fila muestra lo que ese punto de enlace responde para la región (con SigV4, la región para la que se firma la solicitud), no lo que ofrece el propio punto de enlace de Mantle de la región.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Detenido.</translation>
    </message>
    <message>
        <source>Choose an account first.</source>
        <translation>Elija primero una cuenta.</translation>
    </message>
    <message>
        <source>Resolving the account…</source>
        <translation>Resolviendo la cuenta…</translation>
    </message>
    <message>
        <source>No region answered.</source>
        <translation>Ninguna región respondió.</translation>
    </message>
    <message numerus="yes">
        <source>%n region(s) list %1.</source>
        <translation>
            <numerusform>%n región incluye %1 en su lista.</numerusform>
            <numerusform>%n regiones incluyen %1 en su lista.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n region(s) answered.</source>
        <translation>
            <numerusform>Respondió %n región.</numerusform>
            <numerusform>Respondieron %n regiones.</numerusform>
        </translation>
    </message>
    <message>
        <source>Checking the regions…</source>
        <translation>Comprobando las regiones…</translation>
    </message>
    <message>
        <source>The region lists %1.</source>
        <translation>La región incluye %1 en su lista.</translation>
    </message>
    <message>
        <source>The region does not list %1.</source>
        <translation>La región no incluye %1 en su lista.</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Detener</translation>
    </message>
    <message>
        <source>Check &amp;regions</source>
        <translation>Com&amp;probar regiones</translation>
    </message>
    <message>
        <source>Stop the regions still pending</source>
        <translation>Detener las regiones aún pendientes</translation>
    </message>
    <message>
        <source>Ask all 13 regions for their model list at once</source>
        <translation>Pedir a la vez a las 13 regiones su lista de modelos</translation>
    </message>
</context>
<context>
    <name>mantle::ui::SchemaEditor</name>
    <message>
        <source>Person</source>
        <translation>Persona</translation>
    </message>
    <message>
        <source>List of items</source>
        <translation>Lista de elementos</translation>
    </message>
    <message>
        <source>Classification (enum)</source>
        <translation>Clasificación (enum)</translation>
    </message>
    <message>
        <source>Nested address</source>
        <translation>Dirección anidada</translation>
    </message>
    <message>
        <source>Structured output</source>
        <translation>Salida estructurada</translation>
    </message>
    <message>
        <source>Use structured output</source>
        <translation>Usar salida estructurada</translation>
    </message>
    <message>
        <source>Ask for JSON that follows the schema below</source>
        <translation>Pedir JSON que siga el esquema siguiente</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>Schema name</source>
        <translation>Nombre del esquema</translation>
    </message>
    <message>
        <source>Letters, digits, _ and -, at most 64 characters</source>
        <translation>Letras, dígitos, _ y -, como máximo 64 caracteres</translation>
    </message>
    <message>
        <source>&amp;Strict</source>
        <translation>E&amp;stricto</translation>
    </message>
    <message>
        <source>Strict schema adherence</source>
        <translation>Cumplimiento estricto del esquema</translation>
    </message>
    <message>
        <source>Strict structured output: the model is held to the schema, which must then follow the strict-mode rules listed below</source>
        <translation>Salida estructurada estricta: el modelo se ciñe al esquema, que entonces debe cumplir las reglas del modo estricto que se indican a continuación</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>Ejemplos</translation>
    </message>
    <message>
        <source>Example schemas</source>
        <translation>Esquemas de ejemplo</translation>
    </message>
    <message>
        <source>JSON schema</source>
        <translation>Esquema JSON</translation>
    </message>
    <message>
        <source>A JSON Schema, e.g. from the Examples menu</source>
        <translation>Un JSON Schema; p. ej., del menú Ejemplos</translation>
    </message>
    <message>
        <source>Schema status</source>
        <translation>Estado del esquema</translation>
    </message>
    <message>
        <source>Fix &amp;all</source>
        <translation>Corregir &amp;todo</translation>
    </message>
    <message>
        <source>Fix all strict-mode findings</source>
        <translation>Corregir todos los problemas del modo estricto</translation>
    </message>
    <message>
        <source>Make every change listed that has a fix</source>
        <translation>Aplicar todos los cambios de la lista que tienen corrección</translation>
    </message>
    <message>
        <source>Last output</source>
        <translation>Última salida</translation>
    </message>
    <message>
        <source>Output check</source>
        <translation>Comprobación de la salida</translation>
    </message>
    <message>
        <source>Schema violations in the output</source>
        <translation>Infracciones del esquema en la salida</translation>
    </message>
    <message>
        <source>Last output, pretty-printed</source>
        <translation>Última salida, con formato</translation>
    </message>
    <message>
        <source>Write a JSON Schema or pick one from Examples.</source>
        <translation>Escriba un JSON Schema o elija uno de Ejemplos.</translation>
    </message>
    <message>
        <source>Not valid JSON at line %1, column %2: %3</source>
        <translation>JSON no válido en la línea %1, columna %2: %3</translation>
    </message>
    <message>
        <source>A schema is a JSON object ({ ... }).</source>
        <translation>Un esquema es un objeto JSON ({ ... }).</translation>
    </message>
    <message>
        <source>Valid schema.</source>
        <translation>Esquema válido.</translation>
    </message>
    <message>
        <source>Valid schema; it follows the strict-mode rules.</source>
        <translation>Esquema válido; cumple las reglas del modo estricto.</translation>
    </message>
    <message>
        <source>Valid schema, but strict mode will refuse it:</source>
        <translation>Esquema válido, pero el modo estricto lo rechazará:</translation>
    </message>
    <message>
        <source>(root)</source>
        <translation>(raíz)</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: %2</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>Solución</translation>
    </message>
    <message>
        <source>Fix: %1</source>
        <translation>Corrección: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n strict-mode finding(s):</source>
        <translation>
            <numerusform>%n problema del modo estricto:</numerusform>
            <numerusform>%n problemas del modo estricto:</numerusform>
        </translation>
    </message>
    <message>
        <source>The answer is not JSON (line %1, column %2: %3).</source>
        <translation>La respuesta no es JSON (línea %1, columna %2: %3).</translation>
    </message>
    <message>
        <source>The answer is JSON; there is no valid schema to check it against.</source>
        <translation>La respuesta es JSON; no hay ningún esquema válido con el que comprobarla.</translation>
    </message>
    <message>
        <source>The answer matches the schema.</source>
        <translation>La respuesta coincide con el esquema.</translation>
    </message>
    <message numerus="yes">
        <source>The answer breaks the schema in %n place(s):</source>
        <translation>
            <numerusform>La respuesta incumple el esquema en %n lugar:</numerusform>
            <numerusform>La respuesta incumple el esquema en %n lugares:</numerusform>
        </translation>
    </message>
    <message>
        <source>The next answer is shown here and checked against the schema.</source>
        <translation>La próxima respuesta se muestra aquí y se comprueba con el esquema.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::SelfCheck</name>
    <message>
        <source>Self-check failed: %1</source>
        <translation>Error en la autocomprobación: %1</translation>
    </message>
    <message>
        <source>Mantle Playground %1 self-check</source>
        <translation>Autocomprobación de Mantle Playground %1</translation>
    </message>
    <message>
        <source>Qt %1, platform “%2”</source>
        <translation>Qt %1, plataforma “%2”</translation>
    </message>
    <message>
        <source>Language: %1 (locale %2, translation %3)</source>
        <translation>Idioma: %1 (configuración regional %2, traducción %3)</translation>
    </message>
    <message>
        <source>none loaded</source>
        <translation>ninguna cargada</translation>
    </message>
    <message>
        <source>Qt&apos;s own translation: %1</source>
        <translation>Traducción propia de Qt: %1</translation>
    </message>
    <message>
        <source>none for this language</source>
        <translation>ninguna para este idioma</translation>
    </message>
    <message>
        <source>cannot create a temporary directory (%1).</source>
        <translation>no se puede crear un directorio temporal (%1).</translation>
    </message>
    <message>
        <source>the built-in emulator did not start.</source>
        <translation>el emulador integrado no se inició.</translation>
    </message>
    <message>
        <source>the main window could not be painted.</source>
        <translation>no se pudo dibujar la ventana principal.</translation>
    </message>
    <message>
        <source>Main window: painted at %1×%2</source>
        <translation>Ventana principal: dibujada a %1×%2</translation>
    </message>
    <message>
        <source>Say hello to the self-check.</source>
        <translation>Saluda a la autocomprobación.</translation>
    </message>
    <message>
        <source>the demo request failed: %1</source>
        <translation>la solicitud de demostración falló: %1</translation>
    </message>
    <message numerus="yes">
        <source>Demo request (Chat Completions, %1): %n character(s) in %2 ms</source>
        <translation>
            <numerusform>Solicitud de demostración (Chat Completions, %1): %n carácter en %2 ms</numerusform>
            <numerusform>Solicitud de demostración (Chat Completions, %1): %n caracteres en %2 ms</numerusform>
        </translation>
    </message>
    <message>
        <source>Self-check passed.</source>
        <translation>Autocomprobación superada.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::SessionListModel</name>
    <message>
        <source>Yesterday</source>
        <translation>Ayer</translation>
    </message>
    <message>
        <source>%1
The file is left as it is: %2</source>
        <translation>%1
El archivo se deja como está: %2</translation>
    </message>
    <message>
        <source>Cannot be opened: %1</source>
        <translation>No se puede abrir: %1</translation>
    </message>
    <message>
        <source>Untitled session</source>
        <translation>Sesión sin título</translation>
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
        <translation>Sesiones</translation>
    </message>
    <message>
        <source>New session</source>
        <translation>Nueva sesión</translation>
    </message>
    <message>
        <source>Start a new session</source>
        <translation>Iniciar una sesión nueva</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importar…</translation>
    </message>
    <message>
        <source>Import a session file</source>
        <translation>Importar un archivo de sesión</translation>
    </message>
    <message>
        <source>Import a session</source>
        <translation>Importar una sesión</translation>
    </message>
    <message>
        <source>Search sessions</source>
        <translation>Buscar sesiones</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Cambiar nombre</translation>
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
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>No sessions yet.</source>
        <translation>Aún no hay sesiones.</translation>
    </message>
    <message>
        <source>No session matches “%1”.</source>
        <translation>Ninguna sesión coincide con “%1”.</translation>
    </message>
    <message>
        <source>Session not deleted</source>
        <translation>Sesión no eliminada</translation>
    </message>
    <message>
        <source>“%1” could not be read, so it is not deleted here: the file is left untouched.</source>
        <translation>No se pudo leer “%1”, así que no se elimina aquí: el archivo no se modifica.</translation>
    </message>
    <message>
        <source>The file is %1
%2</source>
        <translation>El archivo es %1
%2</translation>
    </message>
    <message>
        <source>Delete session</source>
        <translation>Eliminar sesión</translation>
    </message>
    <message>
        <source>Delete “%1”?</source>
        <translation>¿Eliminar “%1”?</translation>
    </message>
    <message>
        <source>Its file is removed from disk. This cannot be undone.</source>
        <translation>Su archivo se borra del disco. Esta acción no se puede deshacer.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ShortTermKeyDialog</name>
    <message>
        <source>Short-term API key for %1</source>
        <translation>Clave de API a corto plazo para %1</translation>
    </message>
    <message>
        <source>A short-term Bedrock API key is made on this computer from the account&apos;s SigV4 credentials (a role account asks STS for them first). It works in the account&apos;s region only, for at most 12 hours or as long as the credentials last, and is kept in memory only: it is never saved.</source>
        <translation>Una clave de API de Bedrock a corto plazo se crea en este equipo a partir de las credenciales de SigV4 de la cuenta (una cuenta de rol se las pide antes a STS). Solo funciona en la región de la cuenta, durante 12 horas como máximo o mientras duren las credenciales, y solo se conserva en memoria: nunca se guarda.</translation>
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
        <translation>&amp;Generar</translation>
    </message>
    <message>
        <source>&amp;Lifetime:</source>
        <translation>&amp;Vigencia:</translation>
    </message>
    <message>
        <source>Short-term API key</source>
        <translation>Clave de API a corto plazo</translation>
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
        <translation>C&amp;lave:</translation>
    </message>
    <message>
        <source>Region:</source>
        <translation>Región:</translation>
    </message>
    <message>
        <source>Expiry:</source>
        <translation>Caducidad:</translation>
    </message>
    <message>
        <source>&amp;Use for This Session</source>
        <translation>&amp;Usar en esta sesión</translation>
    </message>
    <message>
        <source>Until the key expires, this account&apos;s requests in its region go with the key instead of a SigV4 signature.</source>
        <translation>Hasta que caduque la clave, las solicitudes de esta cuenta en su región se envían con la clave en lugar de con una firma SigV4.</translation>
    </message>
    <message>
        <source>S&amp;top Using</source>
        <translation>&amp;Dejar de usar</translation>
    </message>
    <message>
        <source>Not generated yet</source>
        <translation>Todavía no se ha generado</translation>
    </message>
    <message>
        <source>%1, shortened to the end of the account&apos;s temporary credentials</source>
        <translation>%1, limitada al final de las credenciales temporales de la cuenta</translation>
    </message>
    <message>
        <source>This account&apos;s requests go with a short-term key; %1.</source>
        <translation>Las solicitudes de esta cuenta se envían con una clave a corto plazo; %1.</translation>
    </message>
    <message>
        <source>This account&apos;s requests are signed with SigV4.</source>
        <translation>Las solicitudes de esta cuenta se firman con SigV4.</translation>
    </message>
    <message>
        <source>in %1 h %2 min</source>
        <translation>dentro de %1 h %2 min</translation>
    </message>
    <message>
        <source>in %1 min</source>
        <translation>dentro de %1 min</translation>
    </message>
    <message>
        <source>expires at %1 (%2)</source>
        <translation>caduca a las %1 (%2)</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Atajo</translation>
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
        <translation>Los argumentos no son JSON válido: %1 (en el byte %2).</translation>
    </message>
    <message>
        <source>The arguments are JSON but not a JSON object.</source>
        <translation>Los argumentos son JSON, pero no un objeto JSON.</translation>
    </message>
    <message>
        <source>The arguments are valid JSON, but no tool of this name is defined.</source>
        <translation>Los argumentos son JSON válido, pero no hay ninguna herramienta definida con este nombre.</translation>
    </message>
    <message>
        <source>The arguments are valid JSON (the tool has no parameter schema).</source>
        <translation>Los argumentos son JSON válido (la herramienta no tiene esquema de parámetros).</translation>
    </message>
    <message>
        <source>The arguments are valid JSON; the tool&apos;s schema cannot be checked: %1</source>
        <translation>Los argumentos son JSON válido; no se puede comprobar el esquema de la herramienta: %1</translation>
    </message>
    <message>
        <source>The arguments are valid JSON and match the tool&apos;s schema.</source>
        <translation>Los argumentos son JSON válido y coinciden con el esquema de la herramienta.</translation>
    </message>
    <message>
        <source>The arguments are valid JSON but do not match the tool&apos;s schema:
%1</source>
        <translation>Los argumentos son JSON válido, pero no coinciden con el esquema de la herramienta:
%1</translation>
    </message>
    <message>
        <source>Tool calls summary</source>
        <translation>Resumen de llamadas a herramientas</translation>
    </message>
    <message>
        <source>Tool calls</source>
        <translation>Llamadas a herramientas</translation>
    </message>
    <message>
        <source>&amp;Fill Canned Results</source>
        <translation>&amp;Rellenar resultados predefinidos</translation>
    </message>
    <message>
        <source>Fill canned results</source>
        <translation>Rellenar resultados predefinidos</translation>
    </message>
    <message>
        <source>Fill every empty result with its tool&apos;s canned result.</source>
        <translation>Rellenar cada resultado vacío con el resultado predefinido de su herramienta.</translation>
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
        <translation>Llamada a %1</translation>
    </message>
    <message>
        <source>Tool name</source>
        <translation>Nombre de la herramienta</translation>
    </message>
    <message>
        <source>call id: %1</source>
        <translation>ID de llamada: %1</translation>
    </message>
    <message>
        <source>Call id</source>
        <translation>ID de llamada</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>Argumentos</translation>
    </message>
    <message>
        <source>Arguments check</source>
        <translation>Comprobación de argumentos</translation>
    </message>
    <message>
        <source>Result of %1</source>
        <translation>Resultado de %1</translation>
    </message>
    <message>
        <source>The tool&apos;s result (text or JSON)</source>
        <translation>El resultado de la herramienta (texto o JSON)</translation>
    </message>
    <message>
        <source>The tool failed (send the result as an error)</source>
        <translation>La herramienta falló (enviar el resultado como error)</translation>
    </message>
    <message>
        <source>Tool failed</source>
        <translation>La herramienta falló</translation>
    </message>
    <message>
        <source>Messages sends is_error; Chat and Responses have no error flag, so say in the result that it failed.</source>
        <translation>Messages envía is_error; Chat y Responses no tienen indicador de error, así que indique en el resultado que falló.</translation>
    </message>
    <message>
        <source>Result:</source>
        <translation>Resultado:</translation>
    </message>
    <message>
        <source>No tool calls to answer.</source>
        <translation>No hay llamadas a herramientas que responder.</translation>
    </message>
    <message numerus="yes">
        <source>The model called %n tool(s); %1 answered.</source>
        <translation>
            <numerusform>El modelo llamó a %n herramienta; respondidas: %1.</numerusform>
            <numerusform>El modelo llamó a %n herramientas; respondidas: %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mantle::ui::ToolExamples</name>
    <message>
        <source>Get the current weather in a city.</source>
        <translation>Obtener el tiempo actual en una ciudad.</translation>
    </message>
    <message>
        <source>Search the documentation and return the best matches.</source>
        <translation>Buscar en la documentación y devolver las mejores coincidencias.</translation>
    </message>
    <message>
        <source>Get the current date and time in a time zone.</source>
        <translation>Obtener la fecha y hora actuales en una zona horaria.</translation>
    </message>
    <message>
        <source>Evaluate an arithmetic expression exactly.</source>
        <translation>Evaluar una expresión aritmética de forma exacta.</translation>
    </message>
    <message>
        <source>Create a calendar event with attendees.</source>
        <translation>Crear un evento de calendario con asistentes.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ToolsEditor</name>
    <message>
        <source>Tools</source>
        <translation>Herramientas</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Agregar</translation>
    </message>
    <message>
        <source>Add a tool</source>
        <translation>Agregar una herramienta</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>D&amp;uplicar</translation>
    </message>
    <message>
        <source>Duplicate the tool</source>
        <translation>Duplicar la herramienta</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>E&amp;liminar</translation>
    </message>
    <message>
        <source>Remove the tool</source>
        <translation>Eliminar la herramienta</translation>
    </message>
    <message>
        <source>Examp&amp;les</source>
        <translation>E&amp;jemplos</translation>
    </message>
    <message>
        <source>Add an example tool</source>
        <translation>Agregar una herramienta de ejemplo</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importar…</translation>
    </message>
    <message>
        <source>Import tools from a JSON file</source>
        <translation>Importar herramientas de un archivo JSON</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportar…</translation>
    </message>
    <message>
        <source>Export the tools to a JSON file</source>
        <translation>Exportar las herramientas a un archivo JSON</translation>
    </message>
    <message>
        <source>Function name</source>
        <translation>Nombre de la función</translation>
    </message>
    <message>
        <source>get_weather</source>
        <translation>get_weather</translation>
    </message>
    <message>
        <source>Function name problem</source>
        <translation>Problema con el nombre de la función</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>Function description</source>
        <translation>Descripción de la función</translation>
    </message>
    <message>
        <source>What the function does and when to call it.</source>
        <translation>Qué hace la función y cuándo llamarla.</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Descripción:</translation>
    </message>
    <message>
        <source>Parameters JSON schema</source>
        <translation>Esquema JSON de los parámetros</translation>
    </message>
    <message>
        <source>{&quot;type&quot;: &quot;object&quot;, &quot;properties&quot;: {}} — empty for no arguments</source>
        <translation>{&quot;type&quot;: &quot;object&quot;, &quot;properties&quot;: {}}; vacío si no hay argumentos</translation>
    </message>
    <message>
        <source>Parameters check</source>
        <translation>Comprobación de parámetros</translation>
    </message>
    <message>
        <source>&amp;Format</source>
        <translation>&amp;Formato</translation>
    </message>
    <message>
        <source>Format the parameters JSON</source>
        <translation>Dar formato al JSON de los parámetros</translation>
    </message>
    <message>
        <source>&amp;Parameters:</source>
        <translation>&amp;Parámetros:</translation>
    </message>
    <message>
        <source>&amp;Strict</source>
        <translation>E&amp;stricto</translation>
    </message>
    <message>
        <source>Strict arguments</source>
        <translation>Argumentos estrictos</translation>
    </message>
    <message>
        <source>Checked: the arguments must follow the schema exactly. Unchecked: strict off. Partly checked: not sent, the surface&apos;s default applies (Responses: strict).</source>
        <translation>Marcado: los argumentos deben seguir el esquema exactamente. Desmarcado: strict desactivado. Parcialmente marcado: no se envía y se aplica el valor predeterminado de la API (Responses: strict).</translation>
    </message>
    <message>
        <source>Canned result</source>
        <translation>Resultado predefinido</translation>
    </message>
    <message>
        <source>The result to fill in when the model calls this tool.</source>
        <translation>El resultado que se rellena cuando el modelo llama a esta herramienta.</translation>
    </message>
    <message>
        <source>&amp;Canned result:</source>
        <translation>&amp;Resultado predefinido:</translation>
    </message>
    <message>
        <source>Tool choice</source>
        <translation>Elección de herramienta</translation>
    </message>
    <message>
        <source>&amp;Tool choice:</source>
        <translation>Elección de &amp;herramienta:</translation>
    </message>
    <message>
        <source>Give the function a name.</source>
        <translation>Asigne un nombre a la función.</translation>
    </message>
    <message>
        <source>A function name has 1 to 64 letters (a–z, A–Z), digits, “_” or “-”.</source>
        <translation>Un nombre de función tiene de 1 a 64 letras (a–z, A–Z), dígitos, “_” o “-”.</translation>
    </message>
    <message>
        <source>Another tool above has this name.</source>
        <translation>Otra herramienta de arriba tiene este nombre.</translation>
    </message>
    <message>
        <source>Not valid JSON: %1 at line %2, column %3.</source>
        <translation>JSON no válido: %1 en la línea %2, columna %3.</translation>
    </message>
    <message>
        <source>The parameters must be a JSON object (an object schema).</source>
        <translation>Los parámetros deben ser un objeto JSON (un esquema de objeto).</translation>
    </message>
    <message>
        <source>The parameters must be an object schema: add &quot;type&quot;: &quot;object&quot;.</source>
        <translation>Los parámetros deben ser un esquema de objeto: agregue &quot;type&quot;: &quot;object&quot;.</translation>
    </message>
    <message>
        <source>Not a usable JSON schema: %1</source>
        <translation>No es un esquema JSON utilizable: %1</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2.</source>
        <translation>No se puede leer “%1”: %2.</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2.</source>
        <translation>No se puede escribir “%1”: %2.</translation>
    </message>
    <message>
        <source>Import Tools</source>
        <translation>Importar herramientas</translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>Archivos JSON (*.json);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Export Tools</source>
        <translation>Exportar herramientas</translation>
    </message>
    <message>
        <source>Write the tools in the shape of:</source>
        <translation>Escribir las herramientas con el formato de:</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(sin nombre)</translation>
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
        <translation>Sin argumentos.</translation>
    </message>
    <message>
        <source>Valid object schema.</source>
        <translation>Esquema de objeto válido.</translation>
    </message>
    <message>
        <source>Default (not sent)</source>
        <translation>Predeterminado (no se envía)</translation>
    </message>
    <message>
        <source>Auto: the model decides</source>
        <translation>Auto: el modelo decide</translation>
    </message>
    <message>
        <source>None: no tool calls</source>
        <translation>Ninguna: sin llamadas a herramientas</translation>
    </message>
    <message>
        <source>Required: at least one call</source>
        <translation>Obligatoria: al menos una llamada</translation>
    </message>
    <message>
        <source>Call %1</source>
        <translation>Llamada %1</translation>
    </message>
</context>
</TS>
