<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>ConversationItemLayout</name>
    <message>
        <source>Tool call · %1</source>
        <translation>Appel d&apos;outil · %1</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copié</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>Raisonnement</translation>
    </message>
    <message>
        <source>Reasoning (hidden)</source>
        <translation>Raisonnement (masqué)</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Arrêté</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <source>Streaming…</source>
        <translation>Réception…</translation>
    </message>
</context>
<context>
    <name>mantle::JsonFieldReader</name>
    <message>
        <source>a JSON object</source>
        <translation>un objet JSON</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is invalid: expected %2.</source>
        <translation>Le champ &quot;%1&quot; n&apos;est pas valide&#xa0;: %2 attendu.</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>une chaîne</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true ou false</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>un nombre entier</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>un nombre</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>une liste</translation>
    </message>
    <message>
        <source>a date and time such as %1</source>
        <translation>une date et une heure comme %1</translation>
    </message>
    <message>
        <source>base64 text</source>
        <translation>du texte en base64</translation>
    </message>
</context>
<context>
    <name>mantle::Regions</name>
    <message>
        <source>US East (N. Virginia)</source>
        <translation>USA Est (Virginie du Nord)</translation>
    </message>
    <message>
        <source>US East (Ohio)</source>
        <translation>USA Est (Ohio)</translation>
    </message>
    <message>
        <source>US West (Oregon)</source>
        <translation>USA Ouest (Oregon)</translation>
    </message>
    <message>
        <source>Asia Pacific (Mumbai)</source>
        <translation>Asie-Pacifique (Mumbai)</translation>
    </message>
    <message>
        <source>Asia Pacific (Jakarta)</source>
        <translation>Asie-Pacifique (Jakarta)</translation>
    </message>
    <message>
        <source>Asia Pacific (Sydney)</source>
        <translation>Asie-Pacifique (Sydney)</translation>
    </message>
    <message>
        <source>Asia Pacific (Tokyo)</source>
        <translation>Asie-Pacifique (Tokyo)</translation>
    </message>
    <message>
        <source>Europe (Frankfurt)</source>
        <translation>Europe (Francfort)</translation>
    </message>
    <message>
        <source>Europe (Ireland)</source>
        <translation>Europe (Irlande)</translation>
    </message>
    <message>
        <source>Europe (London)</source>
        <translation>Europe (Londres)</translation>
    </message>
    <message>
        <source>Europe (Milan)</source>
        <translation>Europe (Milan)</translation>
    </message>
    <message>
        <source>Europe (Stockholm)</source>
        <translation>Europe (Stockholm)</translation>
    </message>
    <message>
        <source>South America (São Paulo)</source>
        <translation>Amérique du Sud (São Paulo)</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::Account</name>
    <message>
        <source>The account name must be 1 to %1 characters, without &apos;/&apos;, &apos;\&apos;, control characters or blanks at either end.</source>
        <translation>Le nom du compte doit compter de 1 à %1 caractères, sans &apos;/&apos;, &apos;\&apos;, caractères de contrôle ni espaces au début ou à la fin.</translation>
    </message>
    <message>
        <source>Account “%1”: “%2” is not a Mantle region; use one of %3.</source>
        <translation>Compte «&#xa0;%1&#xa0;»&#xa0;: «&#xa0;%2&#xa0;» n&apos;est pas une région Mantle&#xa0;; utilisez l&apos;une des suivantes&#xa0;: %3.</translation>
    </message>
    <message>
        <source>Account “%1”: the endpoint is not usable: %2</source>
        <translation>Compte «&#xa0;%1&#xa0;»&#xa0;: le point de terminaison est inutilisable&#xa0;: %2</translation>
    </message>
    <message>
        <source>The access key id</source>
        <translation>L&apos;ID de clé d&apos;accès</translation>
    </message>
    <message>
        <source>Account “%1”: %2</source>
        <translation>Compte «&#xa0;%1&#xa0;»&#xa0;: %2</translation>
    </message>
    <message>
        <source>Account “%1”: an assumed role needs the name of the account whose keys assume it.</source>
        <translation>Compte «&#xa0;%1&#xa0;»&#xa0;: un rôle assumé a besoin du nom du compte dont les clés l&apos;assument.</translation>
    </message>
    <message>
        <source>Account “%1”: a role cannot be its own source account.</source>
        <translation>Compte «&#xa0;%1&#xa0;»&#xa0;: un rôle ne peut pas être son propre compte source.</translation>
    </message>
    <message>
        <source>Account “%1”: an assumed role needs the AWS profile whose credentials assume it.</source>
        <translation>Compte «&#xa0;%1&#xa0;»&#xa0;: un rôle assumé a besoin du profil AWS dont les informations d&apos;identification l&apos;assument.</translation>
    </message>
    <message>
        <source>Account “%1”: unknown auth method “%2” (access-key, role or api-key).</source>
        <translation>Compte «&#xa0;%1&#xa0;»&#xa0;: méthode d&apos;authentification «&#xa0;%2&#xa0;» inconnue (access-key, role ou api-key).</translation>
    </message>
    <message>
        <source>Account “%1”: unknown role source “%2” (account or aws-profile).</source>
        <translation>Compte «&#xa0;%1&#xa0;»&#xa0;: source de rôle «&#xa0;%2&#xa0;» inconnue (account ou aws-profile).</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountImporter</name>
    <message>
        <source>AWS profile “%1” uses %2, which accounts do not support.</source>
        <translation>Le profil AWS «&#xa0;%1&#xa0;» utilise %2, que les comptes ne prennent pas en charge.</translation>
    </message>
    <message>
        <source>Add the account with access keys or an API key instead.</source>
        <translation>Ajoutez plutôt le compte avec des clés d&apos;accès ou une clé d&apos;API.</translation>
    </message>
    <message>
        <source>%1 names no region: the account uses %2.</source>
        <translation>%1 n&apos;indique aucune région&#xa0;: le compte utilise %2.</translation>
    </message>
    <message>
        <source>%1 names the region %2, which does not serve Mantle: the account uses %3.</source>
        <translation>%1 indique la région %2, qui ne dessert pas Mantle&#xa0;: le compte utilise %3.</translation>
    </message>
    <message>
        <source>IAM Identity Center (sso_*)</source>
        <translation>IAM Identity Center (sso_*)</translation>
    </message>
    <message>
        <source>AWS profile “%1”</source>
        <translation>Profil AWS «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>Imported from AWS profile “%1”.</source>
        <translation>Importé du profil AWS «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>role_arn without source_profile</source>
        <translation>role_arn sans source_profile</translation>
    </message>
    <message>
        <source>AWS profile “%1” has only one of aws_access_key_id and aws_secret_access_key.</source>
        <translation>Le profil AWS «&#xa0;%1&#xa0;» ne contient qu&apos;une seule des valeurs aws_access_key_id et aws_secret_access_key.</translation>
    </message>
    <message>
        <source>AWS profile “%1” has neither keys nor a role to import.</source>
        <translation>Le profil AWS «&#xa0;%1&#xa0;» ne contient ni clés ni rôle à importer.</translation>
    </message>
    <message>
        <source>The environment</source>
        <translation>L&apos;environnement</translation>
    </message>
    <message>
        <source>Imported from AWS_BEARER_TOKEN_BEDROCK.</source>
        <translation>Importé depuis AWS_BEARER_TOKEN_BEDROCK.</translation>
    </message>
    <message>
        <source>Imported from AWS_ACCESS_KEY_ID.</source>
        <translation>Importé depuis AWS_ACCESS_KEY_ID.</translation>
    </message>
    <message>
        <source>The keys from the environment expire at %1.</source>
        <translation>Les clés de l&apos;environnement expirent le %1.</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountManager</name>
    <message>
        <source>%1 The account “%2” was not saved.</source>
        <translation>%1 Le compte «&#xa0;%2&#xa0;» n&apos;a pas été enregistré.</translation>
    </message>
    <message>
        <source>There is already an account “%1”.</source>
        <translation>Il existe déjà un compte «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>Account “%1” needs its secret access key.</source>
        <translation>Le compte «&#xa0;%1&#xa0;» a besoin de sa clé d&apos;accès secrète.</translation>
    </message>
    <message>
        <source>Account “%1” needs its API key.</source>
        <translation>Le compte «&#xa0;%1&#xa0;» a besoin de sa clé d&apos;API.</translation>
    </message>
    <message>
        <source>The source account “%1” of “%2” must be an existing access-key account.</source>
        <translation>Le compte source «&#xa0;%1&#xa0;» de «&#xa0;%2&#xa0;» doit être un compte à clé d&apos;accès existant.</translation>
    </message>
    <message>
        <source>The keychain holds no %1 for account “%2”.</source>
        <translation>Le trousseau ne contient pas de %1 pour le compte «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <source>Remove the account and add it again.</source>
        <translation>Supprimez le compte, puis ajoutez-le à nouveau.</translation>
    </message>
    <message>
        <source>There is no account “%1”.</source>
        <translation>Il n&apos;existe aucun compte «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>Account “%1” is the source of %2: remove those first.</source>
        <translation>Le compte «&#xa0;%1&#xa0;» est la source de %2&#xa0;: supprimez-les d&apos;abord.</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountResolver</name>
    <message>
        <source>The source account “%1” of “%2” is missing or has no access keys.</source>
        <translation>Le compte source «&#xa0;%1&#xa0;» de «&#xa0;%2&#xa0;» est introuvable ou n&apos;a pas de clés d&apos;accès.</translation>
    </message>
    <message>
        <source>AWS profile “%1” needs an MFA code, which accounts cannot ask for.</source>
        <translation>Le profil AWS «&#xa0;%1&#xa0;» exige un code MFA, que les comptes ne peuvent pas demander.</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountStore</name>
    <message>
        <source>There is no account “%1”.</source>
        <translation>Il n&apos;existe aucun compte «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>`mantle accounts list` shows the accounts.</source>
        <translation>`mantle accounts list` affiche les comptes.</translation>
    </message>
    <message>
        <source>The settings of account “%1” are broken: %2</source>
        <translation>Les paramètres du compte «&#xa0;%1&#xa0;» sont endommagés&#xa0;: %2</translation>
    </message>
    <message>
        <source>There is already an account “%1”.</source>
        <translation>Il existe déjà un compte «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>The settings file “%1” could not be written.</source>
        <translation>Impossible d&apos;écrire le fichier de paramètres «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2</source>
        <translation>Impossible d&apos;écrire «&#xa0;%1&#xa0;»&#xa0;: %2</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2</source>
        <translation>Impossible de lire «&#xa0;%1&#xa0;»&#xa0;: %2</translation>
    </message>
    <message>
        <source>“%1” is too large to be an account file.</source>
        <translation>«&#xa0;%1&#xa0;» est trop volumineux pour être un fichier de compte.</translation>
    </message>
    <message>
        <source>“%1” is not an account file exported by Mantle Playground.</source>
        <translation>«&#xa0;%1&#xa0;» n&apos;est pas un fichier de compte exporté par Mantle Playground.</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::ConnectionTest</name>
    <message>
        <source>the source credentials&apos; principal</source>
        <translation>le principal des informations d&apos;identification source</translation>
    </message>
    <message>
        <source>The trust policy of %1 must allow sts:AssumeRole for %2, and that principal needs sts:AssumeRole on the role.</source>
        <translation>La politique d&apos;approbation de %1 doit autoriser sts:AssumeRole pour %2, et ce principal doit disposer de sts:AssumeRole sur le rôle.</translation>
    </message>
    <message>
        <source>Check that the account&apos;s external ID is the one the trust policy&apos;s sts:ExternalId condition expects.</source>
        <translation>Vérifiez que l&apos;ID externe du compte est celui qu&apos;attend la condition sts:ExternalId de la politique d&apos;approbation.</translation>
    </message>
    <message>
        <source>If the trust policy has an sts:ExternalId condition, set the external ID it expects on the account.</source>
        <translation>Si la politique d&apos;approbation comporte une condition sts:ExternalId, indiquez dans le compte l&apos;ID externe qu&apos;elle attend.</translation>
    </message>
    <message>
        <source>a Bedrock API key (Bearer)</source>
        <translation>une clé d&apos;API Bedrock (Bearer)</translation>
    </message>
    <message>
        <source>The account has no AWS credentials.</source>
        <translation>Le compte n&apos;a pas d&apos;informations d&apos;identification AWS.</translation>
    </message>
    <message>
        <source>Store the account&apos;s access key (or pick a source for the role).</source>
        <translation>Enregistrez la clé d&apos;accès du compte (ou choisissez une source pour le rôle).</translation>
    </message>
    <message>
        <source>access key %1 (%2)</source>
        <translation>clé d&apos;accès %1 (%2)</translation>
    </message>
    <message>
        <source>temporary</source>
        <translation>temporaire</translation>
    </message>
    <message>
        <source>long-term</source>
        <translation>à long terme</translation>
    </message>
    <message>
        <source>assumed %1 (access key %2)</source>
        <translation>%1 assumé (clé d&apos;accès %2)</translation>
    </message>
    <message>
        <source>The region “%1” does not serve Bedrock Mantle.</source>
        <translation>La région «&#xa0;%1&#xa0;» ne dessert pas Bedrock Mantle.</translation>
    </message>
    <message>
        <source>Use one of the Mantle regions: %1.</source>
        <translation>Utilisez l&apos;une des régions Mantle&#xa0;: %1.</translation>
    </message>
    <message>
        <source>%1, through %2</source>
        <translation>%1, via %2</translation>
    </message>
    <message>
        <source>Allow bedrock-mantle:CallWithBearerToken on &quot;*&quot; for the IAM user that owns the API key (`mantle accounts policy` prints the policy).</source>
        <translation>Autorisez bedrock-mantle:CallWithBearerToken sur &quot;*&quot; pour l&apos;utilisateur IAM propriétaire de la clé d&apos;API (`mantle accounts policy` affiche la politique).</translation>
    </message>
    <message>
        <source>Allow %1 on arn:aws:bedrock-mantle:%2:%3:project/* for this account&apos;s IAM principal (`mantle accounts policy` prints the policy), or attach the managed policy AmazonBedrockMantleInferenceAccess.</source>
        <translation>Autorisez %1 sur arn:aws:bedrock-mantle:%2:%3:project/* pour le principal IAM de ce compte (`mantle accounts policy` affiche la politique), ou attachez la politique gérée AmazonBedrockMantleInferenceAccess.</translation>
    </message>
    <message>
        <source>The model list answer has no “data” array.</source>
        <translation>La réponse de la liste des modèles ne contient pas de tableau «&#xa0;data&#xa0;».</translation>
    </message>
    <message>
        <source>1 model listed</source>
        <translation>1 modèle listé</translation>
    </message>
    <message>
        <source>%1 models listed</source>
        <translation>%1 modèles listés</translation>
    </message>
    <message>
        <source>%1 answered a 1-token Chat Completions request through %2</source>
        <translation>%1 a répondu à une requête Chat Completions de 1 jeton via %2</translation>
    </message>
    <message>
        <source>%1 is served under %2, not the prefix tried first; the route was learned for this account and region.</source>
        <translation>%1 est servi sous %2, et non sous le préfixe essayé en premier&#xa0;; la route a été mémorisée pour ce compte et cette région.</translation>
    </message>
    <message>
        <source>%1 is a third-party model: a first call also needs aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions (with the condition aws:CalledViaLast = bedrock-mantle.amazonaws.com).</source>
        <translation>%1 est un modèle tiers&#xa0;: un premier appel exige aussi aws-marketplace:Subscribe et aws-marketplace:ViewSubscriptions (avec la condition aws:CalledViaLast = bedrock-mantle.amazonaws.com).</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::IamPolicyHelper</name>
    <message>
        <source>Instead of the policy above, attach the AWS managed policy AmazonBedrockMantleInferenceAccess (inference, including the Marketplace subscription for third-party models); AmazonBedrockMantleFullAccess grants everything and AmazonBedrockMantleReadOnly only reading.</source>
        <translation>Au lieu de la politique ci-dessus, attachez la politique gérée AWS AmazonBedrockMantleInferenceAccess (inférence, y compris l&apos;abonnement Marketplace pour les modèles tiers)&#xa0;; AmazonBedrockMantleFullAccess accorde tous les droits et AmazonBedrockMantleReadOnly uniquement la lecture.</translation>
    </message>
    <message>
        <source>Attach it to the IAM user that owns the API key.</source>
        <translation>Attachez-la à l&apos;utilisateur IAM propriétaire de la clé d&apos;API.</translation>
    </message>
    <message>
        <source>Attach it to the role; the trust policy is needed either way.</source>
        <translation>Attachez-la au rôle&#xa0;; la politique d&apos;approbation est nécessaire dans tous les cas.</translation>
    </message>
    <message>
        <source>the IAM user that owns the API key</source>
        <translation>l&apos;utilisateur IAM propriétaire de la clé d&apos;API</translation>
    </message>
    <message>
        <source>the IAM user or role of the access key</source>
        <translation>l&apos;utilisateur ou le rôle IAM de la clé d&apos;accès</translation>
    </message>
    <message>
        <source>Identity policy for %1:</source>
        <translation>Politique basée sur l&apos;identité pour %1&#xa0;:</translation>
    </message>
    <message>
        <source>Trust policy of the role:</source>
        <translation>Politique d&apos;approbation du rôle&#xa0;:</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::ModelSettingsStore</name>
    <message>
        <source>The saved model settings of “%1” could not be read: %2</source>
        <translation>Impossible de lire les paramètres de modèle enregistrés de «&#xa0;%1&#xa0;»&#xa0;: %2</translation>
    </message>
    <message>
        <source>they are not a JSON object.</source>
        <translation>ce n&apos;est pas un objet JSON.</translation>
    </message>
    <message>
        <source>“%1” is not an account name.</source>
        <translation>«&#xa0;%1&#xa0;» n&apos;est pas un nom de compte.</translation>
    </message>
    <message>
        <source>The settings file “%1” could not be written.</source>
        <translation>Impossible d&apos;écrire le fichier de paramètres «&#xa0;%1&#xa0;».</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::SecretStore</name>
    <message>
        <source>No keychain is available (%1).</source>
        <translation>Aucun trousseau n&apos;est disponible (%1).</translation>
    </message>
    <message>
        <source>Start a keychain service (GNOME Keyring or KWallet on Linux). Mantle Playground never keeps secrets in plain files.</source>
        <translation>Démarrez un service de trousseau (GNOME Keyring ou KWallet sous Linux). Mantle Playground ne conserve jamais de secrets dans des fichiers en clair.</translation>
    </message>
    <message>
        <source>The keychain refused access to “%1” (%2).</source>
        <translation>Le trousseau a refusé l&apos;accès à «&#xa0;%1&#xa0;» (%2).</translation>
    </message>
    <message>
        <source>The keychain failed on “%1” (%2).</source>
        <translation>Le trousseau a échoué sur «&#xa0;%1&#xa0;» (%2).</translation>
    </message>
    <message>
        <source>The keychain entry “%1” is damaged: %2.</source>
        <translation>L&apos;entrée de trousseau «&#xa0;%1&#xa0;» est endommagée&#xa0;: %2.</translation>
    </message>
    <message>
        <source>Enter the secret again; saving it stores it anew.</source>
        <translation>Saisissez à nouveau le secret&#xa0;; en l&apos;enregistrant, vous le stockez à neuf.</translation>
    </message>
    <message>
        <source>its %1 parts do not belong to one secret</source>
        <translation>ses %1 parties n&apos;appartiennent pas à un même secret</translation>
    </message>
    <message>
        <source>part %1 of %2 (“%3”) is missing</source>
        <translation>la partie %1 sur %2 («&#xa0;%3&#xa0;») est absente</translation>
    </message>
    <message>
        <source>The secret for “%1” is too long for the keychain: it has %2 bytes, and the keychain holds at most %3 (%4 entries of %5 bytes).</source>
        <translation>Le secret de «&#xa0;%1&#xa0;» est trop long pour le trousseau&#xa0;: il fait %2 octets, et le trousseau en contient au plus %3 (%4 entrées de %5 octets).</translation>
    </message>
    <message>
        <source>Check that only the secret was pasted. Nothing was saved.</source>
        <translation>Vérifiez que seul le secret a été collé. Rien n&apos;a été enregistré.</translation>
    </message>
    <message>
        <source>its header is not understood</source>
        <translation>son en-tête n&apos;est pas reconnu</translation>
    </message>
</context>
<context>
    <name>mantle::api::ErrorClassifier</name>
    <message>
        <source>account %1</source>
        <translation>compte %1</translation>
    </message>
    <message>
        <source>region %1</source>
        <translation>région %1</translation>
    </message>
    <message>
        <source>model %1</source>
        <translation>modèle %1</translation>
    </message>
    <message>
        <source>route %1</source>
        <translation>route %1</translation>
    </message>
    <message>
        <source>no account or region named</source>
        <translation>aucun compte ni aucune région indiqués</translation>
    </message>
    <message>
        <source>, </source>
        <comment>separates the parts of an error&apos;s place</comment>
        <translation>, </translation>
    </message>
    <message>
        <source>no HTTP status</source>
        <translation>aucun statut HTTP</translation>
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
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>A proxy or captive portal answered instead of Mantle, with a web page (HTTP %1; %2).</source>
        <translation>Un proxy ou un portail captif a répondu à la place de Mantle, avec une page web (HTTP %1&#xa0;; %2).</translation>
    </message>
    <message>
        <source>Check the network: sign in to the captive portal, or set the proxy (HTTPS_PROXY, NO_PROXY) so that requests reach Mantle.</source>
        <translation>Vérifiez le réseau&#xa0;: connectez-vous au portail captif ou configurez le proxy (HTTPS_PROXY, NO_PROXY) pour que les requêtes atteignent Mantle.</translation>
    </message>
    <message>
        <source>The model is not served under this route (%1; %2)</source>
        <translation>Le modèle n&apos;est pas servi sous cette route (%1&#xa0;; %2)</translation>
    </message>
    <message>
        <source>Call the model under /openai/v1 or /v1, whichever it is served under.</source>
        <translation>Appelez le modèle sous /openai/v1 ou /v1, selon celle sous laquelle il est servi.</translation>
    </message>
    <message>
        <source>Use the route %1 for this model instead (the app retries there once and remembers it).</source>
        <translation>Utilisez plutôt la route %1 pour ce modèle (l&apos;application y réessaie une fois et la mémorise).</translation>
    </message>
    <message>
        <source>The model does not support the %1 API (%2; %3).</source>
        <translation>Le modèle ne prend pas en charge l&apos;API %1 (%2&#xa0;; %3).</translation>
    </message>
    <message>
        <source>Use %1 for this model instead.</source>
        <translation>Utilisez plutôt %1 pour ce modèle.</translation>
    </message>
    <message>
        <source>Mantle refused the request&apos;s signature because this computer&apos;s clock is off by about %1 seconds (%2; %3).</source>
        <translation>Mantle a refusé la signature de la requête, car l&apos;horloge de cet ordinateur est décalée d&apos;environ %1 secondes (%2&#xa0;; %3).</translation>
    </message>
    <message>
        <source>Mantle refused the request&apos;s signature because its time is outside the allowed window, so this computer&apos;s clock is probably wrong (%1; %2).</source>
        <translation>Mantle a refusé la signature de la requête, car son horodatage sort de la fenêtre autorisée&#xa0;: l&apos;horloge de cet ordinateur est probablement fausse (%1&#xa0;; %2).</translation>
    </message>
    <message>
        <source>Set this computer&apos;s clock to the correct time (turn on automatic time synchronisation), then try again.</source>
        <translation>Mettez l&apos;horloge de cet ordinateur à l&apos;heure (activez la synchronisation automatique de l&apos;heure), puis réessayez.</translation>
    </message>
    <message>
        <source>The credentials have expired (%1; %2).</source>
        <translation>Les informations d&apos;identification ont expiré (%1&#xa0;; %2).</translation>
    </message>
    <message>
        <source>Create a new Bedrock API key and update the account.</source>
        <translation>Créez une nouvelle clé d&apos;API Bedrock et mettez à jour le compte.</translation>
    </message>
    <message>
        <source>Refresh the credentials (for example with `aws sso login`, or a new session token for the account), then try again.</source>
        <translation>Actualisez les informations d&apos;identification (par exemple avec `aws sso login` ou un nouveau jeton de session pour le compte), puis réessayez.</translation>
    </message>
    <message>
        <source>Mantle did not accept the API key (%1; %2).</source>
        <translation>Mantle n&apos;a pas accepté la clé d&apos;API (%1&#xa0;; %2).</translation>
    </message>
    <message>
        <source>The API key is wrong, expired or revoked: create a new Bedrock API key (long-term keys start with ABSK) and update the account.</source>
        <translation>La clé d&apos;API est erronée, expirée ou révoquée&#xa0;: créez une nouvelle clé d&apos;API Bedrock (les clés à long terme commencent par ABSK) et mettez à jour le compte.</translation>
    </message>
    <message>
        <source>The request was signed for another service (%1; %2)</source>
        <translation>La requête a été signée pour un autre service (%1&#xa0;; %2)</translation>
    </message>
    <message>
        <source>Sign requests with the service name bedrock-mantle.</source>
        <translation>Signez les requêtes avec le nom de service bedrock-mantle.</translation>
    </message>
    <message>
        <source>The request was signed for another region (%1; %2)</source>
        <translation>La requête a été signée pour une autre région (%1&#xa0;; %2)</translation>
    </message>
    <message>
        <source>Sign requests with the region of the endpoint (%1).</source>
        <translation>Signez les requêtes avec la région du point de terminaison (%1).</translation>
    </message>
    <message>
        <source>Mantle did not accept the AWS credentials (%1; %2)</source>
        <translation>Mantle n&apos;a pas accepté les informations d&apos;identification AWS (%1&#xa0;; %2)</translation>
    </message>
    <message>
        <source>Check the account&apos;s access key id and secret access key (and the session token, if it has one).</source>
        <translation>Vérifiez l&apos;ID de clé d&apos;accès et la clé d&apos;accès secrète du compte (ainsi que le jeton de session, s&apos;il en a un).</translation>
    </message>
    <message>
        <source>Access was denied (%1; %2)</source>
        <translation>Accès refusé (%1&#xa0;; %2)</translation>
    </message>
    <message>
        <source>The model is sold through AWS Marketplace: allow aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions (with the condition aws:CalledViaLast = bedrock-mantle.amazonaws.com), or attach the managed policy AmazonBedrockMantleInferenceAccess.</source>
        <translation>Le modèle est vendu via AWS Marketplace&#xa0;: autorisez aws-marketplace:Subscribe et aws-marketplace:ViewSubscriptions (avec la condition aws:CalledViaLast = bedrock-mantle.amazonaws.com), ou attachez la politique gérée AmazonBedrockMantleInferenceAccess.</translation>
    </message>
    <message>
        <source>Allow the action %1 for this account&apos;s IAM principal.</source>
        <translation>Autorisez l&apos;action %1 pour le principal IAM de ce compte.</translation>
    </message>
    <message>
        <source>Allow bedrock-mantle:CallWithBearerToken on &quot;*&quot; for the IAM principal that owns the API key.</source>
        <translation>Autorisez bedrock-mantle:CallWithBearerToken sur &quot;*&quot; pour le principal IAM propriétaire de la clé d&apos;API.</translation>
    </message>
    <message>
        <source>Allow bedrock-mantle:CreateInference on arn:aws:bedrock-mantle:%1:&lt;account-id&gt;:project/* for this account&apos;s IAM principal, or attach the managed policy AmazonBedrockMantleInferenceAccess.</source>
        <translation>Autorisez bedrock-mantle:CreateInference sur arn:aws:bedrock-mantle:%1:&lt;account-id&gt;:project/* pour le principal IAM de ce compte, ou attachez la politique gérée AmazonBedrockMantleInferenceAccess.</translation>
    </message>
    <message>
        <source>The model does not exist here (%1; %2)</source>
        <translation>Le modèle n&apos;existe pas ici (%1&#xa0;; %2)</translation>
    </message>
    <message>
        <source>Model ids are bare: try %1. `mantle models` lists the region&apos;s models.</source>
        <translation>Les ID de modèle sont nus&#xa0;: essayez %1. `mantle models` liste les modèles de la région.</translation>
    </message>
    <message>
        <source>Check the model id: ids are bare, without a -v1:0 suffix or a us./global. prefix. `mantle models` lists the region&apos;s models.</source>
        <translation>Vérifiez l&apos;ID du modèle&#xa0;: les ID sont nus, sans suffixe -v1:0 ni préfixe us./global. `mantle models` liste les modèles de la région.</translation>
    </message>
    <message>
        <source>Mantle found nothing there (%1; %2)</source>
        <translation>Mantle n&apos;a rien trouvé à cet endroit (%1&#xa0;; %2)</translation>
    </message>
    <message>
        <source>Check the id in the request (for example a response id) and the endpoint, if one is set.</source>
        <translation>Vérifiez l&apos;ID dans la requête (par exemple un ID de réponse) et le point de terminaison, s&apos;il est défini.</translation>
    </message>
    <message>
        <source>The prompt is too long for the model: %1 tokens, and it takes at most %2 (%3; %4).</source>
        <translation>Le prompt est trop long pour le modèle&#xa0;: %1 jetons, alors qu&apos;il en accepte au plus %2 (%3&#xa0;; %4).</translation>
    </message>
    <message>
        <source>The prompt is too long for the model (%1; %2)</source>
        <translation>Le prompt est trop long pour le modèle (%1&#xa0;; %2)</translation>
    </message>
    <message>
        <source>Shorten the prompt or the conversation (drop earlier turns or attachments), or choose a model with a longer context.</source>
        <translation>Raccourcissez le prompt ou la conversation (supprimez des tours précédents ou des pièces jointes), ou choisissez un modèle doté d&apos;un contexte plus long.</translation>
    </message>
    <message>
        <source>Mantle is limiting requests (%1; %2)</source>
        <translation>Mantle limite les requêtes (%1&#xa0;; %2)</translation>
    </message>
    <message>
        <source>Try again in %1 s (as Mantle asked). Each endpoint has its own quotas; if this keeps happening, ask for more in Service Quotas.</source>
        <translation>Réessayez dans %1 s (comme Mantle l&apos;a demandé). Chaque point de terminaison a ses propres quotas&#xa0;; si cela se reproduit, demandez-en davantage dans Service Quotas.</translation>
    </message>
    <message>
        <source>Wait a moment and try again. Each endpoint has its own quotas; if this keeps happening, ask for more in Service Quotas.</source>
        <translation>Patientez un instant, puis réessayez. Chaque point de terminaison a ses propres quotas&#xa0;; si cela se reproduit, demandez-en davantage dans Service Quotas.</translation>
    </message>
    <message>
        <source>The model is overloaded (%1; %2)</source>
        <translation>Le modèle est surchargé (%1&#xa0;; %2)</translation>
    </message>
    <message>
        <source>Mantle had a server error (%1; %2)</source>
        <translation>Mantle a rencontré une erreur de serveur (%1&#xa0;; %2)</translation>
    </message>
    <message>
        <source>This is on the server&apos;s side: try again in a moment.</source>
        <translation>Le problème vient du serveur&#xa0;: réessayez dans un instant.</translation>
    </message>
    <message>
        <source>This is on the server&apos;s side: try again in a moment. If it keeps happening, give AWS Support the request id %1.</source>
        <translation>Le problème vient du serveur&#xa0;: réessayez dans un instant. Si cela se reproduit, communiquez l&apos;ID de requête %1 au Support AWS.</translation>
    </message>
    <message>
        <source>Mantle did not accept the credentials (%1; %2)</source>
        <translation>Mantle n&apos;a pas accepté les informations d&apos;identification (%1&#xa0;; %2)</translation>
    </message>
    <message>
        <source>Check the account&apos;s access key id and secret access key, and that requests are signed for bedrock-mantle in %1.</source>
        <translation>Vérifiez l&apos;ID de clé d&apos;accès et la clé d&apos;accès secrète du compte, ainsi que la signature des requêtes pour bedrock-mantle dans %1.</translation>
    </message>
    <message>
        <source>Mantle rejected the request (%1; %2)</source>
        <translation>Mantle a rejeté la requête (%1&#xa0;; %2)</translation>
    </message>
    <message>
        <source>Check the request&apos;s parameters against the %1 API.</source>
        <translation>Vérifiez les paramètres de la requête par rapport à l&apos;API %1.</translation>
    </message>
    <message>
        <source>Correct what the server&apos;s message names, then send the request again.</source>
        <translation>Corrigez ce qu&apos;indique le message du serveur, puis renvoyez la requête.</translation>
    </message>
    <message>
        <source>Mantle answered with an error and an empty body (%1; %2).</source>
        <translation>Mantle a répondu par une erreur avec un corps vide (%1&#xa0;; %2).</translation>
    </message>
    <message>
        <source>Mantle answered with an error (%1; %2)</source>
        <translation>Mantle a répondu par une erreur (%1&#xa0;; %2)</translation>
    </message>
    <message>
        <source>If it keeps happening, give AWS Support the request id %1.</source>
        <translation>Si cela se reproduit, communiquez l&apos;ID de requête %1 au Support AWS.</translation>
    </message>
</context>
<context>
    <name>mantle::api::JsonValueReader</name>
    <message>
        <source>The answer is not valid JSON (%1 at byte %2).</source>
        <translation>La réponse n&apos;est pas du JSON valide (%1 à l&apos;octet %2).</translation>
    </message>
    <message>
        <source>The answer is JSON but not an object, as an answer body is.</source>
        <translation>La réponse est du JSON, mais pas un objet comme doit l&apos;être un corps de réponse.</translation>
    </message>
</context>
<context>
    <name>mantle::api::RequestSpec</name>
    <message>
        <source>The request field &quot;%1&quot; is invalid: expected %2.</source>
        <translation>Le champ de requête &quot;%1&quot; n&apos;est pas valide&#xa0;: %2 attendu.</translation>
    </message>
    <message>
        <source>Correct or remove the field and try again.</source>
        <translation>Corrigez ou supprimez le champ, puis réessayez.</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>une chaîne</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true ou false</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>un nombre</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>un nombre entier</translation>
    </message>
    <message>
        <source>a JSON object</source>
        <translation>un objet JSON</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>une liste</translation>
    </message>
    <message>
        <source>one of %1</source>
        <translation>l&apos;une des valeurs %1</translation>
    </message>
    <message>
        <source>&quot;user&quot;, &quot;assistant&quot; or &quot;tool&quot;</source>
        <translation>&quot;user&quot;, &quot;assistant&quot; ou &quot;tool&quot;</translation>
    </message>
    <message>
        <source>The request field &quot;%1&quot; is invalid: %2</source>
        <translation>Le champ de requête &quot;%1&quot; n&apos;est pas valide&#xa0;: %2</translation>
    </message>
    <message>
        <source>the %1 API has no such setting.</source>
        <translation>l&apos;API %1 n&apos;a pas ce paramètre.</translation>
    </message>
    <message>
        <source>Remove the setting or choose an API that supports it.</source>
        <translation>Supprimez le paramètre ou choisissez une API qui le prend en charge.</translation>
    </message>
    <message>
        <source>a user message needs text.</source>
        <translation>un message utilisateur doit contenir du texte.</translation>
    </message>
    <message>
        <source>an assistant message needs text or tool calls.</source>
        <translation>un message de l&apos;assistant doit contenir du texte ou des appels d&apos;outil.</translation>
    </message>
    <message>
        <source>a tool call needs an id.</source>
        <translation>un appel d&apos;outil doit avoir un ID.</translation>
    </message>
    <message>
        <source>a tool call needs a name.</source>
        <translation>un appel d&apos;outil doit avoir un nom.</translation>
    </message>
    <message>
        <source>a tool result must name the tool call it answers.</source>
        <translation>un résultat d&apos;outil doit indiquer l&apos;appel d&apos;outil auquel il répond.</translation>
    </message>
    <message>
        <source>only assistant messages carry tool calls.</source>
        <translation>seuls les messages de l&apos;assistant contiennent des appels d&apos;outil.</translation>
    </message>
    <message>
        <source>only tool messages answer a tool call.</source>
        <translation>seuls les messages d&apos;outil répondent à un appel d&apos;outil.</translation>
    </message>
    <message>
        <source>%1 requests are not built from a conversation.</source>
        <translation>les requêtes %1 ne sont pas construites à partir d&apos;une conversation.</translation>
    </message>
    <message>
        <source>no model is chosen.</source>
        <translation>aucun modèle n&apos;est choisi.</translation>
    </message>
    <message>
        <source>Choose a model, e.g. from the model list.</source>
        <translation>Choisissez un modèle, par exemple dans la liste des modèles.</translation>
    </message>
    <message>
        <source>the conversation is empty.</source>
        <translation>la conversation est vide.</translation>
    </message>
    <message>
        <source>Write a message to send.</source>
        <translation>Écrivez un message à envoyer.</translation>
    </message>
    <message>
        <source>it must lie between 0 and %1.</source>
        <translation>la valeur doit être comprise entre 0 et %1.</translation>
    </message>
    <message>
        <source>it must lie between 0 and 1.</source>
        <translation>la valeur doit être comprise entre 0 et 1.</translation>
    </message>
    <message>
        <source>it must be at least 1.</source>
        <translation>la valeur doit être au moins égale à 1.</translation>
    </message>
    <message>
        <source>a stop sequence cannot be empty.</source>
        <translation>une séquence d&apos;arrêt ne peut pas être vide.</translation>
    </message>
    <message>
        <source>a tool needs a name of 1 to 64 letters, digits, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>un outil doit avoir un nom de 1 à 64 lettres, chiffres, &apos;_&apos; ou &apos;-&apos;.</translation>
    </message>
    <message>
        <source>the tool name &quot;%1&quot; is used twice.</source>
        <translation>le nom d&apos;outil &quot;%1&quot; est utilisé deux fois.</translation>
    </message>
    <message>
        <source>the parameters schema must have &quot;type&quot;: &quot;object&quot;.</source>
        <translation>le schéma des paramètres doit avoir &quot;type&quot;: &quot;object&quot;.</translation>
    </message>
    <message>
        <source>no tools are defined.</source>
        <translation>aucun outil n&apos;est défini.</translation>
    </message>
    <message>
        <source>Define a tool or remove the tool choice.</source>
        <translation>Définissez un outil ou supprimez le choix d&apos;outil.</translation>
    </message>
    <message>
        <source>no tool named &quot;%1&quot; is defined.</source>
        <translation>aucun outil nommé &quot;%1&quot; n&apos;est défini.</translation>
    </message>
    <message>
        <source>a name is only given with the &quot;function&quot; mode.</source>
        <translation>un nom n&apos;est indiqué qu&apos;avec le mode &quot;function&quot;.</translation>
    </message>
    <message>
        <source>Claude cannot be forced to call a tool while thinking.</source>
        <translation>Claude ne peut pas être forcé à appeler un outil pendant la réflexion.</translation>
    </message>
    <message>
        <source>Use &quot;auto&quot; or turn thinking off.</source>
        <translation>Utilisez &quot;auto&quot; ou désactivez la réflexion.</translation>
    </message>
    <message>
        <source>a schema needs a name of 1 to 64 letters, digits, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>un schéma doit avoir un nom de 1 à 64 lettres, chiffres, &apos;_&apos; ou &apos;-&apos;.</translation>
    </message>
    <message>
        <source>the schema must have &quot;type&quot;: &quot;object&quot;.</source>
        <translation>le schéma doit avoir &quot;type&quot;: &quot;object&quot;.</translation>
    </message>
    <message>
        <source>a tool is already named &quot;%1&quot;.</source>
        <translation>un outil s&apos;appelle déjà &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>with a schema, Messages must be forced to the schema&apos;s tool.</source>
        <translation>avec un schéma, Messages doit être forcé à utiliser l&apos;outil du schéma.</translation>
    </message>
    <message>
        <source>Remove the tool choice or the schema.</source>
        <translation>Supprimez le choix d&apos;outil ou le schéma.</translation>
    </message>
    <message>
        <source>Claude cannot follow a schema while thinking.</source>
        <translation>Claude ne peut pas suivre un schéma pendant la réflexion.</translation>
    </message>
    <message>
        <source>Turn thinking off or remove the schema.</source>
        <translation>Désactivez la réflexion ou supprimez le schéma.</translation>
    </message>
    <message>
        <source>a background response must be stored.</source>
        <translation>une réponse en arrière-plan doit être stockée.</translation>
    </message>
    <message>
        <source>Allow storing the response or turn background off.</source>
        <translation>Autorisez le stockage de la réponse ou désactivez l&apos;arrière-plan.</translation>
    </message>
</context>
<context>
    <name>mantle::api::StreamAccumulator</name>
    <message>
        <source>The stream ended before its final event: the answer may be cut short. Try the request again.</source>
        <translation>Le flux s&apos;est terminé avant son événement final&#xa0;: la réponse est peut-être tronquée. Réessayez la requête.</translation>
    </message>
    <message>
        <source>A “%1” event of the stream is not valid JSON (%2) and was skipped; the answer may be incomplete.</source>
        <translation>Un événement «&#xa0;%1&#xa0;» du flux n&apos;est pas du JSON valide (%2) et a été ignoré&#xa0;; la réponse est peut-être incomplète.</translation>
    </message>
</context>
<context>
    <name>mantle::api::ToolDefinitionJson</name>
    <message>
        <source>%1: item %2 is not a JSON object.</source>
        <translation>%1&#xa0;: l&apos;élément %2 n&apos;est pas un objet JSON.</translation>
    </message>
    <message>
        <source>%1: the description of item %2 is not a JSON string.</source>
        <translation>%1&#xa0;: la description de l&apos;élément %2 n&apos;est pas une chaîne JSON.</translation>
    </message>
    <message>
        <source>%1: the %2 of item %3 is not a JSON object.</source>
        <translation>%1&#xa0;: le champ %2 de l&apos;élément %3 n&apos;est pas un objet JSON.</translation>
    </message>
    <message>
        <source>%1: the name of item %2 is not a JSON string.</source>
        <translation>%1&#xa0;: le nom de l&apos;élément %2 n&apos;est pas une chaîne JSON.</translation>
    </message>
    <message>
        <source>%1: item %2 has no name.</source>
        <translation>%1&#xa0;: l&apos;élément %2 n&apos;a pas de nom.</translation>
    </message>
    <message>
        <source>%1: not JSON (%2 at line %3, column %4).</source>
        <translation>%1&#xa0;: JSON non valide (%2 à la ligne %3, colonne %4).</translation>
    </message>
    <message>
        <source>%1: expected a JSON array of tools, or an object with a &quot;tools&quot; array.</source>
        <translation>%1&#xa0;: un tableau JSON d&apos;outils, ou un objet avec un tableau &quot;tools&quot;, est attendu.</translation>
    </message>
</context>
<context>
    <name>mantle::api::TurnReader</name>
    <message>
        <source>The %1 API does not answer with a model turn.</source>
        <translation>L&apos;API %1 ne répond pas par un tour du modèle.</translation>
    </message>
</context>
<context>
    <name>mantle::api::chat::ChatRequestBuilder</name>
    <message>
        <source>A %1 request cannot be built as a Chat Completions request.</source>
        <translation>Une requête %1 ne peut pas être construite comme une requête Chat Completions.</translation>
    </message>
</context>
<context>
    <name>mantle::api::messages::MessagesRequestBuilder</name>
    <message>
        <source>The request field &quot;%1&quot; is invalid: the arguments of a Claude tool call must be a JSON object.</source>
        <translation>Le champ de requête &quot;%1&quot; n&apos;est pas valide&#xa0;: les arguments d&apos;un appel d&apos;outil Claude doivent être un objet JSON.</translation>
    </message>
    <message>
        <source>A %1 request cannot be built as a Messages request.</source>
        <translation>Une requête %1 ne peut pas être construite comme une requête Messages.</translation>
    </message>
</context>
<context>
    <name>mantle::api::messages::MessagesResponseParser</name>
    <message>
        <source>The answer is not a readable Messages body (%1).</source>
        <translation>La réponse n&apos;est pas un corps Messages lisible (%1).</translation>
    </message>
</context>
<context>
    <name>mantle::api::responses::ResponsesRequestBuilder</name>
    <message>
        <source>A %1 request cannot be built as a Responses request.</source>
        <translation>Une requête %1 ne peut pas être construite comme une requête Responses.</translation>
    </message>
    <message>
        <source>“%1” is not a response id.</source>
        <translation>«&#xa0;%1&#xa0;» n&apos;est pas un ID de réponse.</translation>
    </message>
    <message>
        <source>Response ids look like resp_ followed by letters and digits, as the answer of a Responses request gives them.</source>
        <translation>Les ID de réponse s&apos;écrivent resp_ suivi de lettres et de chiffres, tels que les renvoie la réponse d&apos;une requête Responses.</translation>
    </message>
</context>
<context>
    <name>mantle::api::responses::ResponsesResponseParser</name>
    <message>
        <source>The response failed and the server gave no reason.</source>
        <translation>La réponse a échoué et le serveur n&apos;a donné aucune raison.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AssumeRoleCredentialProvider</name>
    <message>
        <source>The credentials for the role %1 cannot be renewed: its STS client or source credentials are gone.</source>
        <translation>Impossible de renouveler les informations d&apos;identification du rôle %1&#xa0;: son client STS ou ses informations d&apos;identification source n&apos;existent plus.</translation>
    </message>
    <message>
        <source>The credentials for the role %1 cannot be renewed: its STS client is gone.</source>
        <translation>Impossible de renouveler les informations d&apos;identification du rôle %1&#xa0;: son client STS n&apos;existe plus.</translation>
    </message>
    <message>
        <source>STS gave credentials for the role %1 that had expired already, at %2.</source>
        <translation>STS a fourni pour le rôle %1 des informations d&apos;identification déjà expirées, le %2.</translation>
    </message>
    <message>
        <source>Check that this computer&apos;s clock is set to the correct time.</source>
        <translation>Vérifiez que l&apos;horloge de cet ordinateur est à l&apos;heure.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AssumeRoleParameters</name>
    <message>
        <source>“%1”</source>
        <translation>«&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>Give the ARN of the role to assume, as the IAM console shows it on the role&apos;s page, for example %1.</source>
        <translation>Indiquez l&apos;ARN du rôle à assumer, tel que la console IAM l&apos;affiche sur la page du rôle, par exemple %1.</translation>
    </message>
    <message>
        <source>The role ARN is empty.</source>
        <translation>L&apos;ARN du rôle est vide.</translation>
    </message>
    <message>
        <source>“%1” is the ARN of a role session, not of a role.</source>
        <translation>«&#xa0;%1&#xa0;» est l&apos;ARN d&apos;une session de rôle, pas d&apos;un rôle.</translation>
    </message>
    <message>
        <source>“%1” is not the ARN of an IAM role.</source>
        <translation>«&#xa0;%1&#xa0;» n&apos;est pas l&apos;ARN d&apos;un rôle IAM.</translation>
    </message>
    <message>
        <source>Use 2 to 64 characters: letters, digits and + = , . @ _ -.</source>
        <translation>Utilisez de 2 à 64 caractères&#xa0;: lettres, chiffres et + = , . @ _ -.</translation>
    </message>
    <message numerus="yes">
        <source>The role session name has %n character(s).</source>
        <translation>
            <numerusform>Le nom de session du rôle compte %n caractère.</numerusform>
            <numerusform>Le nom de session du rôle compte %n caractères.</numerusform>
        </translation>
    </message>
    <message>
        <source>The role session name contains %1, which STS does not allow.</source>
        <translation>Le nom de session du rôle contient %1, que STS n&apos;autorise pas.</translation>
    </message>
    <message>
        <source>Use the external ID exactly as the role&apos;s owner gave it: 2 to 1224 characters of letters, digits and + = , . @ : / _ -.</source>
        <translation>Utilisez l&apos;ID externe exactement tel que le propriétaire du rôle l&apos;a fourni&#xa0;: de 2 à 1224 caractères parmi les lettres, les chiffres et + = , . @&#xa0;: / _ -.</translation>
    </message>
    <message numerus="yes">
        <source>The external ID has %n character(s).</source>
        <translation>
            <numerusform>L&apos;ID externe compte %n caractère.</numerusform>
            <numerusform>L&apos;ID externe compte %n caractères.</numerusform>
        </translation>
    </message>
    <message>
        <source>The external ID contains %1 at position %2, which STS does not allow.</source>
        <translation>L&apos;ID externe contient %1 à la position %2, que STS n&apos;autorise pas.</translation>
    </message>
    <message>
        <source>The session duration of %1 seconds is outside the range STS accepts, %2 to %3 seconds (15 minutes to 12 hours).</source>
        <translation>La durée de session de %1 secondes sort de la plage acceptée par STS, de %2 à %3 secondes (15 minutes à 12 heures).</translation>
    </message>
    <message>
        <source>Choose a duration in that range. The role&apos;s own maximum may be lower: one hour unless its owner raised it, and always one hour when a role assumes a role.</source>
        <translation>Choisissez une durée dans cette plage. Le maximum propre au rôle peut être inférieur&#xa0;: une heure, sauf si son propriétaire l&apos;a augmenté, et toujours une heure lorsqu&apos;un rôle assume un rôle.</translation>
    </message>
    <message>
        <source>Give a region code such as us-east-1.</source>
        <translation>Indiquez un code de région tel que us-east-1.</translation>
    </message>
    <message>
        <source>No region is set for STS.</source>
        <translation>Aucune région n&apos;est définie pour STS.</translation>
    </message>
    <message>
        <source>“%1” is not an AWS region code.</source>
        <translation>«&#xa0;%1&#xa0;» n&apos;est pas un code de région AWS.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AwsConfigFile</name>
    <message>
        <source>More lines from this one on (%1 in all) also have problems and were ignored; fix the ones reported above first.</source>
        <translation>Les lignes suivantes (%1 au total) présentent aussi des problèmes et ont été ignorées&#xa0;; corrigez d&apos;abord celles signalées ci-dessus.</translation>
    </message>
    <message>
        <source>This line is not valid UTF-8 text and is ignored. Save the file as UTF-8.</source>
        <translation>Cette ligne n&apos;est pas du texte UTF-8 valide et est ignorée. Enregistrez le fichier en UTF-8.</translation>
    </message>
    <message>
        <source>This section header has no closing “]”; it and the settings under it are ignored.</source>
        <translation>Cet en-tête de section n&apos;a pas de «&#xa0;]&#xa0;» fermant&#xa0;; il est ignoré, ainsi que les paramètres qui le suivent.</translation>
    </message>
    <message>
        <source>This section header has text after its closing “]”; it and the settings under it are ignored.</source>
        <translation>Cet en-tête de section contient du texte après son «&#xa0;]&#xa0;» fermant&#xa0;; il est ignoré, ainsi que les paramètres qui le suivent.</translation>
    </message>
    <message>
        <source>This section header is empty; it and the settings under it are ignored. Write [default] or [profile NAME].</source>
        <translation>Cet en-tête de section est vide&#xa0;; il est ignoré, ainsi que les paramètres qui le suivent. Écrivez [default] ou [profile NAME].</translation>
    </message>
    <message>
        <source>This [profile] header has no profile name; it and the settings under it are ignored. Write [profile NAME].</source>
        <translation>Cet en-tête [profile] n&apos;a pas de nom de profil&#xa0;; il est ignoré, ainsi que les paramètres qui le suivent. Écrivez [profile NAME].</translation>
    </message>
    <message>
        <source>This profile name contains a space, which profile names cannot hold; the section and the settings under it are ignored.</source>
        <translation>Ce nom de profil contient une espace, ce qui est interdit dans les noms de profil&#xa0;; la section et ses paramètres sont ignorés.</translation>
    </message>
    <message>
        <source>The setting “%1” comes before any section header, so it belongs to no profile and is ignored. Put it under [default] or [profile NAME].</source>
        <translation>Le paramètre «&#xa0;%1&#xa0;» précède tout en-tête de section&#xa0;: il n&apos;appartient donc à aucun profil et est ignoré. Placez-le sous [default] ou [profile NAME].</translation>
    </message>
    <message>
        <source>This setting comes before any section header, so it belongs to no profile and is ignored. Put it under [default] or [profile NAME].</source>
        <translation>Ce paramètre précède tout en-tête de section&#xa0;: il n&apos;appartient donc à aucun profil et est ignoré. Placez-le sous [default] ou [profile NAME].</translation>
    </message>
    <message>
        <source>This line is not a “key = value” setting, a [section] header or a comment, and is ignored.</source>
        <translation>Cette ligne n&apos;est ni un paramètre «&#xa0;clé = valeur&#xa0;», ni un en-tête [section], ni un commentaire, et est ignorée.</translation>
    </message>
    <message>
        <source>This line has “=” but no key before it, and is ignored.</source>
        <translation>Cette ligne contient «&#xa0;=&#xa0;» mais aucune clé avant, et est ignorée.</translation>
    </message>
    <message>
        <source>This line is indented more than the setting “%1” on line %2, so it would continue that value over several lines, which is not supported; it is ignored. Remove the indentation.</source>
        <translation>Cette ligne est plus indentée que le paramètre «&#xa0;%1&#xa0;» de la ligne %2&#xa0;: elle prolongerait donc cette valeur sur plusieurs lignes, ce qui n&apos;est pas pris en charge&#xa0;; elle est ignorée. Supprimez l&apos;indentation.</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(sans nom)</translation>
    </message>
    <message>
        <source>This line among the nested settings of “%1” is not a “key = value” setting and is ignored.</source>
        <translation>Cette ligne parmi les paramètres imbriqués de «&#xa0;%1&#xa0;» n&apos;est pas un paramètre «&#xa0;clé = valeur&#xa0;» et est ignorée.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AwsEnvironment</name>
    <message>
        <source>An access key ID is one word of letters and digits, such as AKIAIOSFODNN7EXAMPLE; check for a copy-and-paste mistake.</source>
        <translation>Un ID de clé d&apos;accès est un seul mot composé de lettres et de chiffres, comme AKIAIOSFODNN7EXAMPLE&#xa0;; vérifiez qu&apos;il n&apos;y a pas d&apos;erreur de copier-coller.</translation>
    </message>
    <message>
        <source>%1 contains a blank or a line break.</source>
        <translation>%1 contient une espace ou un saut de ligne.</translation>
    </message>
    <message>
        <source>%1 contains quotation marks.</source>
        <translation>%1 contient des guillemets.</translation>
    </message>
    <message>
        <source>Remove the quotes: they are not part of the key ID.</source>
        <translation>Supprimez les guillemets&#xa0;: ils ne font pas partie de l&apos;ID de clé.</translation>
    </message>
    <message>
        <source>%1 contains “/” or “+”, which access key IDs never hold.</source>
        <translation>%1 contient «&#xa0;/&#xa0;» ou «&#xa0;+&#xa0;», caractères absents des ID de clé d&apos;accès.</translation>
    </message>
    <message>
        <source>It may be the secret access key: check that the key ID and the secret were not swapped.</source>
        <translation>Il s&apos;agit peut-être de la clé d&apos;accès secrète&#xa0;: vérifiez que l&apos;ID de clé et le secret n&apos;ont pas été intervertis.</translation>
    </message>
    <message>
        <source>%1 contains characters other than the letters A to Z and the digits 0 to 9.</source>
        <translation>%1 contient des caractères autres que les lettres A à Z et les chiffres 0 à 9.</translation>
    </message>
    <message>
        <source>%1 is too short to be an access key ID.</source>
        <translation>%1 est trop court pour être un ID de clé d&apos;accès.</translation>
    </message>
    <message>
        <source>AWS access key IDs are 16 to 128 characters long.</source>
        <translation>Les ID de clé d&apos;accès AWS comptent de 16 à 128 caractères.</translation>
    </message>
    <message>
        <source>%1 is too long to be an access key ID.</source>
        <translation>%1 est trop long pour être un ID de clé d&apos;accès.</translation>
    </message>
    <message>
        <source>Check for a copy-and-paste mistake: secrets are one word.</source>
        <translation>Vérifiez qu&apos;il n&apos;y a pas d&apos;erreur de copier-coller&#xa0;: les secrets forment un seul mot.</translation>
    </message>
    <message>
        <source>%1 contains a line break, a tab or another invisible character.</source>
        <translation>%1 contient un saut de ligne, une tabulation ou un autre caractère invisible.</translation>
    </message>
    <message>
        <source>%1 contains a blank.</source>
        <translation>%1 contient une espace.</translation>
    </message>
    <message>
        <source>%1 is wrapped in quotation marks.</source>
        <translation>%1 est entouré de guillemets.</translation>
    </message>
    <message>
        <source>Remove the quotes: they are not part of the secret.</source>
        <translation>Supprimez les guillemets&#xa0;: ils ne font pas partie du secret.</translation>
    </message>
    <message>
        <source>%1 is set but %2 is not.</source>
        <translation>%1 est défini, mais pas %2.</translation>
    </message>
    <message>
        <source>Set both variables, or neither.</source>
        <translation>Définissez les deux variables, ou aucune.</translation>
    </message>
    <message>
        <source>%1 is set but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not.</source>
        <translation>%1 est défini, mais pas AWS_ACCESS_KEY_ID ni AWS_SECRET_ACCESS_KEY.</translation>
    </message>
    <message>
        <source>A session token belongs to temporary keys: set all three variables, or unset %1.</source>
        <translation>Un jeton de session accompagne des clés temporaires&#xa0;: définissez les trois variables, ou supprimez %1.</translation>
    </message>
    <message>
        <source>%1 is not an ISO 8601 date and time.</source>
        <translation>%1 n&apos;est pas une date et heure ISO 8601.</translation>
    </message>
    <message>
        <source>Write it like 2025-01-31T12:00:00Z, or unset it.</source>
        <translation>Écrivez-la sous la forme 2025-01-31T12:00:00Z, ou supprimez-la.</translation>
    </message>
    <message>
        <source>%1 starts with “Bearer ”.</source>
        <translation>%1 commence par «&#xa0;Bearer&#xa0;».</translation>
    </message>
    <message>
        <source>Set it to the API key alone; the word Bearer is added when the request is sent.</source>
        <translation>Indiquez uniquement la clé d&apos;API&#xa0;; le mot Bearer est ajouté à l&apos;envoi de la requête.</translation>
    </message>
    <message>
        <source>%1 contains a line break or another control character.</source>
        <translation>%1 contient un saut de ligne ou un autre caractère de contrôle.</translation>
    </message>
    <message>
        <source>Set it to the name of a profile in your AWS config files.</source>
        <translation>Indiquez le nom d&apos;un profil de vos fichiers de configuration AWS.</translation>
    </message>
    <message>
        <source>Remove the quotes: they are not part of the profile name.</source>
        <translation>Supprimez les guillemets&#xa0;: ils ne font pas partie du nom du profil.</translation>
    </message>
    <message>
        <source>%1 is not an AWS region code.</source>
        <translation>%1 n&apos;est pas un code de région AWS.</translation>
    </message>
    <message>
        <source>Set it to a region code such as us-east-1 (not a region&apos;s name, and not an Availability Zone such as us-east-1a).</source>
        <translation>Indiquez un code de région tel que us-east-1 (pas le nom d&apos;une région, ni une zone de disponibilité telle que us-east-1a).</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AwsProfileResolver</name>
    <message>
        <source>“%1”</source>
        <translation>«&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>the config file</source>
        <translation>le fichier config</translation>
    </message>
    <message>
        <source>the credentials file</source>
        <translation>le fichier credentials</translation>
    </message>
    <message>
        <source>Mantle Playground cannot get credentials this way yet. Run “aws configure export-credentials --profile %1 --format env” and use the variables it prints, or give the profile access keys.</source>
        <translation>Mantle Playground ne sait pas encore obtenir des informations d&apos;identification de cette façon. Exécutez «&#xa0;aws configure export-credentials --profile %1 --format env&#xa0;» et utilisez les variables affichées, ou donnez des clés d&apos;accès au profil.</translation>
    </message>
    <message>
        <source>%1 is a folder, not an AWS configuration file.</source>
        <translation>%1 est un dossier, pas un fichier de configuration AWS.</translation>
    </message>
    <message>
        <source>Point AWS_CONFIG_FILE or AWS_SHARED_CREDENTIALS_FILE at a file.</source>
        <translation>Faites pointer AWS_CONFIG_FILE ou AWS_SHARED_CREDENTIALS_FILE vers un fichier.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation>Impossible de lire %1&#xa0;: %2.</translation>
    </message>
    <message>
        <source>Check that your user may read the file.</source>
        <translation>Vérifiez que votre utilisateur a le droit de lire le fichier.</translation>
    </message>
    <message>
        <source>%1 is larger than 1 MiB, too large to be an AWS configuration file.</source>
        <translation>%1 dépasse 1 MiB, ce qui est trop volumineux pour un fichier de configuration AWS.</translation>
    </message>
    <message>
        <source>Check AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE.</source>
        <translation>Vérifiez AWS_CONFIG_FILE et AWS_SHARED_CREDENTIALS_FILE.</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>ligne %1</translation>
    </message>
    <message>
        <source>%1, line %2</source>
        <translation>%1, ligne %2</translation>
    </message>
    <message>
        <source>%1 has a section [%2] on line %3, but in that file a profile&apos;s header is written [profile %2].</source>
        <translation>%1 contient une section [%2] à la ligne %3, mais dans ce fichier l&apos;en-tête d&apos;un profil s&apos;écrit [profile %2].</translation>
    </message>
    <message>
        <source>Check the name; the profiles defined are: %1.</source>
        <translation>Vérifiez le nom&#xa0;; les profils définis sont&#xa0;: %1.</translation>
    </message>
    <message>
        <source>Neither file defines a profile yet; run “aws configure --profile %1” to add one.</source>
        <translation>Aucun des deux fichiers ne définit encore de profil&#xa0;; exécutez «&#xa0;aws configure --profile %1&#xa0;» pour en ajouter un.</translation>
    </message>
    <message>
        <source>The AWS profile “%1” does not exist in %2 or %3.</source>
        <translation>Le profil AWS «&#xa0;%1&#xa0;» n&apos;existe ni dans %2 ni dans %3.</translation>
    </message>
    <message>
        <source>duration_seconds of the profile “%1” (%2) is not a whole number of seconds from %3 to %4.</source>
        <translation>duration_seconds du profil «&#xa0;%1&#xa0;» (%2) n&apos;est pas un nombre entier de secondes entre %3 et %4.</translation>
    </message>
    <message>
        <source>Use 3600 for one hour, or remove the setting.</source>
        <translation>Utilisez 3600 pour une heure, ou supprimez le paramètre.</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) assumes its role with a web identity token (web_identity_token_file), which is not supported yet.</source>
        <translation>Le profil «&#xa0;%1&#xa0;» (%2) assume son rôle avec un jeton d&apos;identité web (web_identity_token_file), ce qui n&apos;est pas encore pris en charge.</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) has role_arn but neither source_profile nor credential_source.</source>
        <translation>Le profil «&#xa0;%1&#xa0;» (%2) a un role_arn, mais ni source_profile ni credential_source.</translation>
    </message>
    <message>
        <source>Add source_profile = NAME, the profile whose keys assume the role, or credential_source = Environment.</source>
        <translation>Ajoutez source_profile = NAME, le profil dont les clés assument le rôle, ou credential_source = Environment.</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) has both source_profile and credential_source.</source>
        <translation>Le profil «&#xa0;%1&#xa0;» (%2) a à la fois source_profile et credential_source.</translation>
    </message>
    <message>
        <source>Keep only one of them.</source>
        <translation>N&apos;en gardez qu&apos;un seul.</translation>
    </message>
    <message>
        <source>The role_arn of the profile “%1” (%2) is not an ARN.</source>
        <translation>Le role_arn du profil «&#xa0;%1&#xa0;» (%2) n&apos;est pas un ARN.</translation>
    </message>
    <message>
        <source>Write it like arn:aws:iam::123456789012:role/NAME.</source>
        <translation>Écrivez-le sous la forme arn:aws:iam::123456789012:role/NAME.</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) takes its credentials from the environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set.</source>
        <translation>Le profil «&#xa0;%1&#xa0;» (%2) prend ses informations d&apos;identification dans l&apos;environnement, mais AWS_ACCESS_KEY_ID et AWS_SECRET_ACCESS_KEY ne sont pas définis.</translation>
    </message>
    <message>
        <source>Set both variables, or change credential_source.</source>
        <translation>Définissez les deux variables, ou modifiez credential_source.</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) takes its credentials from %3, which is not supported yet.</source>
        <translation>Le profil «&#xa0;%1&#xa0;» (%2) prend ses informations d&apos;identification dans %3, ce qui n&apos;est pas encore pris en charge.</translation>
    </message>
    <message>
        <source>The credential_source of the profile “%1” (%2) is not one the AWS CLI knows.</source>
        <translation>Le credential_source du profil «&#xa0;%1&#xa0;» (%2) n&apos;est pas une valeur connue de l&apos;AWS CLI.</translation>
    </message>
    <message>
        <source>Use Environment, Ec2InstanceMetadata or EcsContainer (spelled with these capitals).</source>
        <translation>Utilisez Environment, Ec2InstanceMetadata ou EcsContainer (avec ces majuscules).</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) names source_profile “%3”, which does not exist in %4 or %5.</source>
        <translation>Le profil «&#xa0;%1&#xa0;» (%2) indique le source_profile «&#xa0;%3&#xa0;», qui n&apos;existe ni dans %4 ni dans %5.</translation>
    </message>
    <message>
        <source>The profiles %1 name each other as source_profile in a loop (%2).</source>
        <translation>Les profils %1 se désignent mutuellement comme source_profile en boucle (%2).</translation>
    </message>
    <message>
        <source>Give one profile of the chain aws_access_key_id and aws_secret_access_key, or credential_source.</source>
        <translation>Donnez à l&apos;un des profils de la chaîne aws_access_key_id et aws_secret_access_key, ou credential_source.</translation>
    </message>
    <message>
        <source>%1; the source_profile of “%2”</source>
        <translation>%1&#xa0;; le source_profile de «&#xa0;%2&#xa0;»</translation>
    </message>
    <message>
        <source>The profile %1 (%2) signs in with IAM Identity Center (%3), which is not supported yet.</source>
        <translation>Le profil %1 (%2) se connecte avec IAM Identity Center (%3), ce qui n&apos;est pas encore pris en charge.</translation>
    </message>
    <message>
        <source>The profile %1 (%2) has %3 but no %4.</source>
        <translation>Le profil %1 (%2) a %3 mais pas %4.</translation>
    </message>
    <message>
        <source>Add %1 next to %2, or remove both.</source>
        <translation>Ajoutez %1 à côté de %2, ou supprimez les deux.</translation>
    </message>
    <message>
        <source>%1 of the profile “%2” (%3)</source>
        <translation>%1 du profil «&#xa0;%2&#xa0;» (%3)</translation>
    </message>
    <message>
        <source>The profile %1 (%2) gets its credentials from an external program (credential_process), which is not supported yet.</source>
        <translation>Le profil %1 (%2) obtient ses informations d&apos;identification d&apos;un programme externe (credential_process), ce qui n&apos;est pas encore pris en charge.</translation>
    </message>
    <message>
        <source>The profile %1 (%2) has credential_source but no role_arn.</source>
        <translation>Le profil %1 (%2) a credential_source mais pas de role_arn.</translation>
    </message>
    <message>
        <source>credential_source only says which credentials assume role_arn; add role_arn, or give the profile access keys.</source>
        <translation>credential_source indique seulement quelles informations d&apos;identification assument role_arn&#xa0;; ajoutez role_arn, ou donnez des clés d&apos;accès au profil.</translation>
    </message>
    <message>
        <source>The profile %1 (%2) holds no credentials.</source>
        <translation>Le profil %1 (%2) ne contient aucune information d&apos;identification.</translation>
    </message>
    <message>
        <source>Add aws_access_key_id and aws_secret_access_key to [%1] in %2, or role_arn and source_profile to it in %3.</source>
        <translation>Ajoutez aws_access_key_id et aws_secret_access_key à [%1] dans %2, ou role_arn et source_profile dans %3.</translation>
    </message>
    <message>
        <source>The key “%1” is ignored because keys are case-sensitive; write it as “%2”.</source>
        <translation>La clé «&#xa0;%1&#xa0;» est ignorée, car les clés sont sensibles à la casse&#xa0;; écrivez-la «&#xa0;%2&#xa0;».</translation>
    </message>
</context>
<context>
    <name>mantle::aws::BedrockToken</name>
    <message>
        <source>This is not a short-term Bedrock API key: %1</source>
        <translation>Ce n&apos;est pas une clé d&apos;API Bedrock à court terme&#xa0;: %1</translation>
    </message>
    <message>
        <source>A short-term key starts with “bedrock-api-key-” followed by base64; long-term keys (“ABSK…”) cannot be read back.</source>
        <translation>Une clé à court terme commence par «&#xa0;bedrock-api-key-&#xa0;» suivi de base64&#xa0;; les clés à long terme («&#xa0;ABSK…&#xa0;») ne peuvent pas être décodées.</translation>
    </message>
    <message>
        <source>A short-term API key needs an access key id and a secret access key.</source>
        <translation>Une clé d&apos;API à court terme nécessite un ID de clé d&apos;accès et une clé d&apos;accès secrète.</translation>
    </message>
    <message>
        <source>“%1” is not a region code.</source>
        <translation>«&#xa0;%1&#xa0;» n&apos;est pas un code de région.</translation>
    </message>
    <message>
        <source>Give a region such as us-east-1.</source>
        <translation>Indiquez une région, par exemple us-east-1.</translation>
    </message>
    <message>
        <source>A short-term API key lives from %1 to %2 seconds, not %3.</source>
        <translation>La durée de vie d&apos;une clé d&apos;API à court terme va de %1 à %2 secondes, pas %3.</translation>
    </message>
    <message>
        <source>The credentials have expired.</source>
        <translation>Les informations d&apos;identification ont expiré.</translation>
    </message>
    <message>
        <source>Renew them, then generate the key again.</source>
        <translation>Renouvelez-les, puis générez à nouveau la clé.</translation>
    </message>
    <message>
        <source>it does not start with “bedrock-api-key-”.</source>
        <translation>elle ne commence pas par «&#xa0;bedrock-api-key-&#xa0;».</translation>
    </message>
    <message>
        <source>nothing follows the prefix.</source>
        <translation>rien ne suit le préfixe.</translation>
    </message>
    <message>
        <source>what follows the prefix is not base64.</source>
        <translation>ce qui suit le préfixe n&apos;est pas du base64.</translation>
    </message>
    <message>
        <source>it does not hold a presigned URL.</source>
        <translation>elle ne contient pas d&apos;URL présignée.</translation>
    </message>
    <message>
        <source>its URL has no %1.</source>
        <translation>son URL ne contient pas de %1.</translation>
    </message>
    <message>
        <source>it is not signed with AWS4-HMAC-SHA256.</source>
        <translation>elle n&apos;est pas signée avec AWS4-HMAC-SHA256.</translation>
    </message>
    <message>
        <source>its credential scope is malformed.</source>
        <translation>sa portée d&apos;informations d&apos;identification est mal formée.</translation>
    </message>
    <message>
        <source>its X-Amz-Date is malformed.</source>
        <translation>son X-Amz-Date est mal formé.</translation>
    </message>
    <message>
        <source>its X-Amz-Expires is not a positive number of seconds.</source>
        <translation>son X-Amz-Expires n&apos;est pas un nombre de secondes positif.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::RequestUrl</name>
    <message>
        <source>Give a full URL such as https://bedrock-mantle.us-east-1.api.aws/v1/models.</source>
        <translation>Indiquez une URL complète, comme https://bedrock-mantle.us-east-1.api.aws/v1/models.</translation>
    </message>
    <message>
        <source>“%1” is not a URL: it has no scheme (https://).</source>
        <translation>«&#xa0;%1&#xa0;» n&apos;est pas une URL&#xa0;: il manque le schéma (https://).</translation>
    </message>
    <message>
        <source>“%1” uses the scheme “%2”; only https and http are supported.</source>
        <translation>«&#xa0;%1&#xa0;» utilise le schéma «&#xa0;%2&#xa0;»&#xa0;; seuls https et http sont pris en charge.</translation>
    </message>
    <message>
        <source>“%1” carries a user name or password; credentials never go in a URL.</source>
        <translation>«&#xa0;%1&#xa0;» contient un nom d&apos;utilisateur ou un mot de passe&#xa0;; les informations d&apos;identification ne doivent jamais figurer dans une URL.</translation>
    </message>
    <message>
        <source>“%1” has no valid host name.</source>
        <translation>«&#xa0;%1&#xa0;» n&apos;a pas de nom d&apos;hôte valide.</translation>
    </message>
    <message>
        <source>“%1” has an invalid port.</source>
        <translation>«&#xa0;%1&#xa0;» a un port non valide.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::StaticCredentialProvider</name>
    <message>
        <source>No complete AWS credentials were given: an access key id and a secret access key are needed.</source>
        <translation>Les informations d&apos;identification AWS fournies sont incomplètes&#xa0;: un ID de clé d&apos;accès et une clé d&apos;accès secrète sont nécessaires.</translation>
    </message>
    <message>
        <source>Give both the access key id and the secret access key.</source>
        <translation>Indiquez à la fois l&apos;ID de clé d&apos;accès et la clé d&apos;accès secrète.</translation>
    </message>
    <message>
        <source>The credentials with the access key id %1 expired at %2.</source>
        <translation>Les informations d&apos;identification de l&apos;ID de clé d&apos;accès %1 ont expiré le %2.</translation>
    </message>
    <message>
        <source>Give fresh credentials: temporary credentials last 12 hours at most.</source>
        <translation>Fournissez de nouvelles informations d&apos;identification&#xa0;: les informations temporaires durent 12 heures au plus.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::StsClient</name>
    <message>
        <source>Give the STS endpoint as https://host[:port]/, or http://127.0.0.1:PORT/ for a local test server.</source>
        <translation>Indiquez le point de terminaison STS sous la forme https://hôte[:port]/, ou http://127.0.0.1:PORT/ pour un serveur de test local.</translation>
    </message>
    <message>
        <source>“%1” is not a valid STS endpoint URL.</source>
        <translation>«&#xa0;%1&#xa0;» n&apos;est pas une URL de point de terminaison STS valide.</translation>
    </message>
    <message>
        <source>The STS endpoint “%1” has a user name, query or fragment; give only the scheme, host, port and path.</source>
        <translation>Le point de terminaison STS «&#xa0;%1&#xa0;» contient un nom d&apos;utilisateur, une requête ou un fragment&#xa0;; indiquez seulement le schéma, l&apos;hôte, le port et le chemin.</translation>
    </message>
    <message>
        <source>The STS endpoint “%1” uses plain http, which is only allowed for this computer (127.0.0.1, ::1 or localhost).</source>
        <translation>Le point de terminaison STS «&#xa0;%1&#xa0;» utilise http en clair, ce qui n&apos;est autorisé que pour cet ordinateur (127.0.0.1, ::1 ou localhost).</translation>
    </message>
    <message>
        <source>Use https: the request carries a session token and the answer carries credentials.</source>
        <translation>Utilisez https&#xa0;: la requête contient un jeton de session et la réponse des informations d&apos;identification.</translation>
    </message>
    <message>
        <source>Could not connect to STS at %1: the connection was refused.</source>
        <translation>Impossible de se connecter à STS à l&apos;adresse %1&#xa0;: la connexion a été refusée.</translation>
    </message>
    <message>
        <source>Check the STS endpoint and that nothing (a firewall, a proxy) blocks it.</source>
        <translation>Vérifiez le point de terminaison STS et que rien (pare-feu, proxy) ne le bloque.</translation>
    </message>
    <message>
        <source>Could not find the STS host of %1.</source>
        <translation>Impossible de trouver l&apos;hôte STS de %1.</translation>
    </message>
    <message>
        <source>Check the region, the network connection and the DNS or proxy settings.</source>
        <translation>Vérifiez la région, la connexion réseau et les paramètres DNS ou de proxy.</translation>
    </message>
    <message numerus="yes">
        <source>STS at %1 did not answer within %n second(s).</source>
        <translation>
            <numerusform>STS à l&apos;adresse %1 n&apos;a pas répondu en %n seconde.</numerusform>
            <numerusform>STS à l&apos;adresse %1 n&apos;a pas répondu en %n secondes.</numerusform>
        </translation>
    </message>
    <message>
        <source>Check the network connection and the proxy settings, then try again.</source>
        <translation>Vérifiez la connexion réseau et les paramètres de proxy, puis réessayez.</translation>
    </message>
    <message>
        <source>The secure connection to STS at %1 failed: %2</source>
        <translation>La connexion sécurisée à STS à l&apos;adresse %1 a échoué&#xa0;: %2</translation>
    </message>
    <message>
        <source>A proxy that inspects TLS may be in the way, or the system&apos;s certificates may be out of date.</source>
        <translation>Un proxy qui inspecte le trafic TLS fait peut-être obstacle, ou les certificats du système sont peut-être obsolètes.</translation>
    </message>
    <message>
        <source>Could not reach STS at %1: %2</source>
        <translation>Impossible de joindre STS à l&apos;adresse %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>The source credentials are incomplete: STS needs an access key id and a secret access key.</source>
        <translation>Les informations d&apos;identification source sont incomplètes&#xa0;: STS a besoin d&apos;un ID de clé d&apos;accès et d&apos;une clé d&apos;accès secrète.</translation>
    </message>
    <message>
        <source>Give the keys of the identity that may assume the role %1.</source>
        <translation>Indiquez les clés de l&apos;identité autorisée à assumer le rôle %1.</translation>
    </message>
    <message>
        <source>The source credentials expired at %1.</source>
        <translation>Les informations d&apos;identification source ont expiré le %1.</translation>
    </message>
    <message>
        <source>Refresh the source credentials, then try again.</source>
        <translation>Actualisez les informations d&apos;identification source, puis réessayez.</translation>
    </message>
    <message numerus="yes">
        <source>The answer from %1 is larger than %n KiB, so it is not an STS answer.</source>
        <translation>
            <numerusform>La réponse de %1 dépasse %n Kio&#xa0;: ce n&apos;est donc pas une réponse STS.</numerusform>
            <numerusform>La réponse de %1 dépasse %n Kio&#xa0;: ce n&apos;est donc pas une réponse STS.</numerusform>
        </translation>
    </message>
    <message>
        <source>Something other than AWS may have answered, such as a proxy or a captive portal: check the network, the proxy settings and the STS endpoint.</source>
        <translation>Un autre système qu&apos;AWS a peut-être répondu, comme un proxy ou un portail captif&#xa0;: vérifiez le réseau, les paramètres de proxy et le point de terminaison STS.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::StsResponseParser</name>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>Something other than AWS may have answered, such as a proxy or a captive portal: check the network, the proxy settings and the STS endpoint.</source>
        <translation>Un autre système qu&apos;AWS a peut-être répondu, comme un proxy ou un portail captif&#xa0;: vérifiez le réseau, les paramètres de proxy et le point de terminaison STS.</translation>
    </message>
    <message>
        <source>STS at %1 answered HTTP %2 with an empty body (content type: %3).</source>
        <translation>STS à l&apos;adresse %1 a répondu HTTP %2 avec un corps vide (type de contenu&#xa0;: %3).</translation>
    </message>
    <message>
        <source>The answer from %1 (HTTP %2, content type: %3) is not an STS answer.</source>
        <translation>La réponse de %1 (HTTP %2, type de contenu&#xa0;: %3) n&apos;est pas une réponse STS.</translation>
    </message>
    <message>
        <source>(no message)</source>
        <translation>(aucun message)</translation>
    </message>
    <message>
        <source>STS refused to let the source credentials assume the role (AccessDenied): %1</source>
        <translation>STS a refusé que les informations d&apos;identification source assument le rôle (AccessDenied)&#xa0;: %1</translation>
    </message>
    <message>
        <source>The source credentials need permission for sts:AssumeRole on %1, the role&apos;s trust policy must allow them, and the external ID must match the trust policy&apos;s sts:ExternalId condition exactly.</source>
        <translation>Les informations d&apos;identification source doivent avoir l&apos;autorisation sts:AssumeRole sur %1, la politique d&apos;approbation du rôle doit les autoriser, et l&apos;ID externe doit correspondre exactement à la condition sts:ExternalId de la politique d&apos;approbation.</translation>
    </message>
    <message>
        <source>The source credentials need permission for sts:AssumeRole on %1, and the role&apos;s trust policy must allow them. If the trust policy requires an external ID (sts:ExternalId), give it.</source>
        <translation>Les informations d&apos;identification source doivent avoir l&apos;autorisation sts:AssumeRole sur %1, et la politique d&apos;approbation du rôle doit les autoriser. Si la politique d&apos;approbation exige un ID externe (sts:ExternalId), indiquez-le.</translation>
    </message>
    <message>
        <source>The source credentials have expired (ExpiredToken): %1</source>
        <translation>Les informations d&apos;identification source ont expiré (ExpiredToken)&#xa0;: %1</translation>
    </message>
    <message>
        <source>Refresh the source credentials (sign in again or get a new session token), then try again.</source>
        <translation>Actualisez les informations d&apos;identification source (reconnectez-vous ou obtenez un nouveau jeton de session), puis réessayez.</translation>
    </message>
    <message>
        <source>AWS does not know the access key id %1 (InvalidClientTokenId): %2</source>
        <translation>AWS ne connaît pas l&apos;ID de clé d&apos;accès %1 (InvalidClientTokenId)&#xa0;: %2</translation>
    </message>
    <message>
        <source>Check the source access key id: the key may have been deleted or deactivated, belong to another AWS partition, or, for temporary credentials, come with the wrong session token.</source>
        <translation>Vérifiez l&apos;ID de la clé d&apos;accès source&#xa0;: la clé a peut-être été supprimée ou désactivée, appartient à une autre partition AWS ou, pour des informations d&apos;identification temporaires, est accompagnée d&apos;un mauvais jeton de session.</translation>
    </message>
    <message>
        <source>STS rejected the request&apos;s signature (SignatureDoesNotMatch): %1</source>
        <translation>STS a rejeté la signature de la requête (SignatureDoesNotMatch)&#xa0;: %1</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is off: set it to the correct time and try again.</source>
        <translation>L&apos;horloge de cet ordinateur est décalée&#xa0;: mettez-la à l&apos;heure, puis réessayez.</translation>
    </message>
    <message>
        <source>The secret access key is wrong for the access key id %1: check it (and that no space or line break was copied with it).</source>
        <translation>La clé d&apos;accès secrète ne correspond pas à l&apos;ID de clé d&apos;accès %1&#xa0;: vérifiez-la (et qu&apos;aucune espace ni aucun saut de ligne n&apos;a été copié avec elle).</translation>
    </message>
    <message>
        <source>STS is not activated in the region %1 for this account (RegionDisabledException): %2</source>
        <translation>STS n&apos;est pas activé dans la région %1 pour ce compte (RegionDisabledException)&#xa0;: %2</translation>
    </message>
    <message>
        <source>Enable the region in the account&apos;s settings (AWS console, Account, AWS Regions) or use another region.</source>
        <translation>Activez la région dans les paramètres du compte (console AWS, Compte, Régions AWS) ou utilisez une autre région.</translation>
    </message>
    <message>
        <source>STS refused a parameter of the request: %1</source>
        <translation>STS a refusé un paramètre de la requête&#xa0;: %1</translation>
    </message>
    <message>
        <source>Correct the parameter STS names and try again.</source>
        <translation>Corrigez le paramètre indiqué par STS, puis réessayez.</translation>
    </message>
    <message>
        <source>STS answered HTTP %1 with the error %2: %3</source>
        <translation>STS a répondu HTTP %1 avec l&apos;erreur %2&#xa0;: %3</translation>
    </message>
    <message>
        <source>The AssumeRole answer from %1 (HTTP %2, content type: %3) lacks the fields %4.</source>
        <translation>La réponse AssumeRole de %1 (HTTP %2, type de contenu&#xa0;: %3) ne contient pas les champs %4.</translation>
    </message>
    <message>
        <source>The AssumeRole answer from %1 has an expiry that is not an ISO 8601 time: “%2”.</source>
        <translation>La réponse AssumeRole de %1 a une expiration qui n&apos;est pas une heure ISO 8601&#xa0;: «&#xa0;%2&#xa0;».</translation>
    </message>
</context>
<context>
    <name>mantle::cli::AccountsCommand</name>
    <message>
        <source>Run `mantle accounts --help` for the usage.</source>
        <translation>Exécutez `mantle accounts --help` pour connaître l&apos;utilisation.</translation>
    </message>
    <message numerus="yes">
        <source>`%1` takes %n argument(s).</source>
        <translation>
            <numerusform>`%1` prend %n argument.</numerusform>
            <numerusform>`%1` prend %n arguments.</numerusform>
        </translation>
    </message>
    <message>
        <source>which command? add, list, show, rename, remove, test, policy, export, import, import-aws or import-env.</source>
        <translation>quelle commande&#xa0;? add, list, show, rename, remove, test, policy, export, import, import-aws ou import-env.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Utilisation&#xa0;: %1</translation>
    </message>
    <message>
        <source>Secrets are read from stdin: for access-key, the secret access key and,
on a second line, an optional session token; for api-key, the API key.
Without stdin they come from AWS_SECRET_ACCESS_KEY (and
AWS_SESSION_TOKEN) or AWS_BEARER_TOKEN_BEDROCK. They are kept in the
keychain, never in a file. Settings: MANTLE_CONFIG_DIR, else
$XDG_CONFIG_HOME/Mantle Playground.</source>
        <translation>Les secrets sont lus sur stdin&#xa0;: pour access-key, la clé d&apos;accès secrète et,
sur une deuxième ligne, un jeton de session facultatif&#xa0;; pour api-key, la clé
d&apos;API. Sans stdin, ils proviennent de AWS_SECRET_ACCESS_KEY (et
AWS_SESSION_TOKEN) ou de AWS_BEARER_TOKEN_BEDROCK. Ils sont conservés dans le
trousseau, jamais dans un fichier. Paramètres&#xa0;: MANTLE_CONFIG_DIR, sinon
$XDG_CONFIG_HOME/Mantle Playground.</translation>
    </message>
    <message>
        <source>unknown command “%1”.</source>
        <translation>commande «&#xa0;%1&#xa0;» inconnue.</translation>
    </message>
    <message>
        <source>give the API key on stdin (or in AWS_BEARER_TOKEN_BEDROCK).</source>
        <translation>indiquez la clé d&apos;API sur stdin (ou dans AWS_BEARER_TOKEN_BEDROCK).</translation>
    </message>
    <message>
        <source>give the secret access key on stdin (or in AWS_SECRET_ACCESS_KEY).</source>
        <translation>indiquez la clé d&apos;accès secrète sur stdin (ou dans AWS_SECRET_ACCESS_KEY).</translation>
    </message>
    <message>
        <source>stdin holds %1 lines; expected at most %2.</source>
        <translation>stdin contient %1 lignes&#xa0;; %2 au plus attendues.</translation>
    </message>
    <message>
        <source>The API key</source>
        <translation>La clé d&apos;API</translation>
    </message>
    <message>
        <source>The secret access key</source>
        <translation>La clé d&apos;accès secrète</translation>
    </message>
    <message>
        <source>The session token</source>
        <translation>Le jeton de session</translation>
    </message>
    <message>
        <source>A Mantle region.</source>
        <translation>Une région Mantle.</translation>
    </message>
    <message>
        <source>access-key, api-key or role.</source>
        <translation>access-key, api-key ou role.</translation>
    </message>
    <message>
        <source>The access key id.</source>
        <translation>L&apos;ID de clé d&apos;accès.</translation>
    </message>
    <message>
        <source>The role to assume.</source>
        <translation>Le rôle à assumer.</translation>
    </message>
    <message>
        <source>The access-key account that assumes it.</source>
        <translation>Le compte à clé d&apos;accès qui l&apos;assume.</translation>
    </message>
    <message>
        <source>The AWS profile that assumes it.</source>
        <translation>Le profil AWS qui l&apos;assume.</translation>
    </message>
    <message>
        <source>The role&apos;s external ID.</source>
        <translation>L&apos;ID externe du rôle.</translation>
    </message>
    <message>
        <source>The role session name.</source>
        <translation>Le nom de session du rôle.</translation>
    </message>
    <message>
        <source>The role session&apos;s length, 900 to 43200 s.</source>
        <translation>La durée de la session du rôle, de 900 à 43200 s.</translation>
    </message>
    <message>
        <source>An endpoint override (root URL).</source>
        <translation>Un point de terminaison de remplacement (URL racine).</translation>
    </message>
    <message>
        <source>Notes.</source>
        <translation>Notes.</translation>
    </message>
    <message>
        <source>--auth takes access-key, api-key or role.</source>
        <translation>--auth accepte access-key, api-key ou role.</translation>
    </message>
    <message>
        <source>--access-key-id is for --auth access-key.</source>
        <translation>--access-key-id s&apos;utilise avec --auth access-key.</translation>
    </message>
    <message>
        <source>--role-arn and the other role flags are for --auth role.</source>
        <translation>--role-arn et les autres options de rôle s&apos;utilisent avec --auth role.</translation>
    </message>
    <message>
        <source>a role takes one of --source-account and --source-profile.</source>
        <translation>un rôle accepte soit --source-account, soit --source-profile.</translation>
    </message>
    <message>
        <source>--duration takes a number of seconds.</source>
        <translation>--duration prend un nombre de secondes.</translation>
    </message>
    <message>
        <source>Added account “%1”.</source>
        <translation>Compte «&#xa0;%1&#xa0;» ajouté.</translation>
    </message>
    <message>
        <source>(broken: %1)</source>
        <translation>(endommagé&#xa0;: %1)</translation>
    </message>
    <message>
        <source>name</source>
        <translation>nom</translation>
    </message>
    <message>
        <source>auth</source>
        <translation>authentification</translation>
    </message>
    <message>
        <source>region</source>
        <translation>région</translation>
    </message>
    <message>
        <source>endpoint</source>
        <translation>point de terminaison</translation>
    </message>
    <message>
        <source>access key id</source>
        <translation>ID de clé d&apos;accès</translation>
    </message>
    <message>
        <source>secret access key</source>
        <translation>clé d&apos;accès secrète</translation>
    </message>
    <message>
        <source>in the keychain</source>
        <translation>dans le trousseau</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Clé d&apos;API</translation>
    </message>
    <message>
        <source>role ARN</source>
        <translation>ARN du rôle</translation>
    </message>
    <message>
        <source>external ID</source>
        <translation>ID externe</translation>
    </message>
    <message>
        <source>session name</source>
        <translation>nom de session</translation>
    </message>
    <message>
        <source>duration</source>
        <translation>durée</translation>
    </message>
    <message>
        <source>source account</source>
        <translation>compte source</translation>
    </message>
    <message>
        <source>source AWS profile</source>
        <translation>profil AWS source</translation>
    </message>
    <message>
        <source>notes</source>
        <translation>notes</translation>
    </message>
    <message>
        <source>Renamed account “%1” to “%2”.</source>
        <translation>Compte «&#xa0;%1&#xa0;» renommé en «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <source>Removed account “%1” and its secrets.</source>
        <translation>Compte «&#xa0;%1&#xa0;» et ses secrets supprimés.</translation>
    </message>
    <message>
        <source>The model of the tiny request (default: the first listed Chat Completions model).</source>
        <translation>Le modèle de la mini-requête (par défaut&#xa0;: le premier modèle Chat Completions listé).</translation>
    </message>
    <message>
        <source>Account “%1”: %2 in %3.</source>
        <translation>Compte «&#xa0;%1&#xa0;»&#xa0;: %2 dans %3.</translation>
    </message>
    <message>
        <source>the IAM principal of account “%1”</source>
        <translation>le principal IAM du compte «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>the IAM principal of AWS profile “%1”</source>
        <translation>le principal IAM du profil AWS «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>note: %1</source>
        <translation>remarque&#xa0;: %1</translation>
    </message>
    <message>
        <source>fix: %1</source>
        <translation>correctif&#xa0;: %1</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>ignoré</translation>
    </message>
    <message>
        <source>Account “%1” works.</source>
        <translation>Le compte «&#xa0;%1&#xa0;» fonctionne.</translation>
    </message>
    <message>
        <source>The AWS account id of the resources (default: the role&apos;s, else *).</source>
        <translation>L&apos;ID du compte AWS des ressources (par défaut&#xa0;: celui du rôle, sinon *).</translation>
    </message>
    <message>
        <source>Leave out the Marketplace statement for third-party models.</source>
        <translation>Omettre la déclaration Marketplace pour les modèles tiers.</translation>
    </message>
    <message>
        <source>For a role: the ARN of the principal that assumes it.</source>
        <translation>Pour un rôle&#xa0;: l&apos;ARN du principal qui l&apos;assume.</translation>
    </message>
    <message>
        <source>--account-id takes a 12-digit AWS account id.</source>
        <translation>--account-id prend un ID de compte AWS à 12 chiffres.</translation>
    </message>
    <message>
        <source>Exported the settings of “%1” (no secrets).</source>
        <translation>Paramètres de «&#xa0;%1&#xa0;» exportés (sans les secrets).</translation>
    </message>
    <message>
        <source>The new account&apos;s name.</source>
        <translation>Le nom du nouveau compte.</translation>
    </message>
    <message>
        <source>The accounts&apos; name prefix (default: env).</source>
        <translation>Le préfixe de nom des comptes (par défaut&#xa0;: env).</translation>
    </message>
    <message>
        <source>The environment holds no AWS credentials to import.</source>
        <translation>L&apos;environnement ne contient aucune information d&apos;identification AWS à importer.</translation>
    </message>
    <message>
        <source>Add, list, show, remove and test accounts</source>
        <translation>Ajouter, lister, afficher, supprimer et tester des comptes</translation>
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
        <translation>cible</translation>
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
        <translation>entrée</translation>
    </message>
    <message>
        <source>out</source>
        <translation>sortie</translation>
    </message>
    <message>
        <source>cost</source>
        <translation>coût</translation>
    </message>
    <message>
        <source>error</source>
        <translation>erreur</translation>
    </message>
    <message>
        <source>Tool call %1: %2 %3</source>
        <translation>Appel d&apos;outil %1&#xa0;: %2 %3</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Échec&#xa0;: %1</translation>
    </message>
    <message>
        <source>Send one prompt to several models, regions or APIs at once and compare</source>
        <translation>Envoyer un prompt à plusieurs modèles, régions ou API à la fois et comparer</translation>
    </message>
    <message>
        <source>Run `mantle compare --help` for the options.</source>
        <translation>Exécutez `mantle compare --help` pour connaître les options.</translation>
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
        <translation>Envoie un même prompt, avec les mêmes prompt système, outils, schéma et paramètres,
à plusieurs cibles à la fois (de 1 à 6) et affiche chaque réponse sous un en-tête, puis
un tableau&#xa0;: délai avant le premier jeton, jetons par seconde, durée totale, jetons en
entrée et en sortie, coût et erreur. Une cible est une suite d&apos;éléments key=value séparés
par des virgules&#xa0;: api (chat, responses ou messages), model, region et account&#xa0;; ce
qu&apos;une cible omet provient de --model, --region et --account. Chaque cible reçoit ce que
son API peut transmettre (par ex. pas de seed hors de Chat Completions)&#xa0;; les réponses
sont toujours diffusées, donc --stream ne change rien. --json affiche le tableau avec
chaque réponse en JSON, --csv le tableau en CSV. Code de sortie 1 si une cible a échoué&#xa0;;
les autres sont quand même affichées. Les informations d&apos;identification proviennent du
compte, sinon de AWS_BEARER_TOKEN_BEDROCK, sinon de AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY et AWS_SESSION_TOKEN.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Afficher cette aide.</translation>
    </message>
    <message>
        <source>A target, e.g. api=messages,model=anthropic.claude-haiku-4-5,region=us-west-2 (repeat for each, 1 to 6).</source>
        <translation>Une cible, par ex. api=messages,model=anthropic.claude-haiku-4-5,region=us-west-2 (à répéter pour chacune, de 1 à 6).</translation>
    </message>
    <message>
        <source>Compare --model through every answer API the model catalogue says it serves.</source>
        <translation>Comparer --model via toutes les API de réponse qui le servent selon le catalogue de modèles.</translation>
    </message>
    <message>
        <source>Print the table as CSV (RFC 4180) instead.</source>
        <translation>Afficher plutôt le tableau en CSV (RFC 4180).</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Utilisation&#xa0;: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>argument inattendu «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>--csv and --json cannot be combined.</source>
        <translation>--csv et --json ne peuvent pas être combinés.</translation>
    </message>
    <message>
        <source>compare does not run background responses.</source>
        <translation>compare n&apos;exécute pas de réponses en arrière-plan.</translation>
    </message>
    <message>
        <source>--cross-api and --target cannot be combined.</source>
        <translation>--cross-api et --target ne peuvent pas être combinés.</translation>
    </message>
    <message>
        <source>give the targets with --target SPEC, or --cross-api.</source>
        <translation>indiquez les cibles avec --target SPEC, ou --cross-api.</translation>
    </message>
    <message>
        <source>--cross-api needs --model.</source>
        <translation>--cross-api nécessite --model.</translation>
    </message>
    <message>
        <source>The target is not known.</source>
        <translation>La cible est inconnue.</translation>
    </message>
    <message numerus="yes">
        <source>mantle compare: %n of %1 targets failed.</source>
        <translation>
            <numerusform>mantle compare&#xa0;: %n cible sur %1 a échoué.</numerusform>
            <numerusform>mantle compare&#xa0;: %n cibles sur %1 ont échoué.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mantle::cli::EmulatorCommand</name>
    <message>
        <source>Run a local Mantle emulator on 127.0.0.1</source>
        <translation>Lancer un émulateur Mantle local sur 127.0.0.1</translation>
    </message>
</context>
<context>
    <name>mantle::cli::Mantle</name>
    <message>
        <source>Usage: mantle COMMAND [OPTIONS]</source>
        <translation>Utilisation&#xa0;: mantle COMMAND [OPTIONS]</translation>
    </message>
    <message>
        <source>Try prompts against Amazon Bedrock Mantle from the command line.</source>
        <translation>Essayez des prompts avec Amazon Bedrock Mantle depuis la ligne de commande.</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>Commandes&#xa0;:</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>Options&#xa0;:</translation>
    </message>
    <message>
        <source>Show this help; `mantle COMMAND --help` shows a command&apos;s.</source>
        <translation>Afficher cette aide&#xa0;; `mantle COMMAND --help` affiche celle d&apos;une commande.</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>Afficher la version.</translation>
    </message>
    <message>
        <source>mantle: unknown command “%1”. Run `mantle --help` for the list.</source>
        <translation>mantle&#xa0;: commande «&#xa0;%1&#xa0;» inconnue. Exécutez `mantle --help` pour obtenir la liste.</translation>
    </message>
</context>
<context>
    <name>mantle::cli::ModelsCommand</name>
    <message>
        <source>Run `mantle models --help` for the options.</source>
        <translation>Exécutez `mantle models --help` pour connaître les options.</translation>
    </message>
    <message>
        <source>List the models of a region: live, catalogue and custom</source>
        <translation>Lister les modèles d&apos;une région&#xa0;: en ligne, catalogue et personnalisés</translation>
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
        <translation>Liste les modèles d&apos;une région, un ID par ligne&#xa0;: les modèles que la région sert
(son GET /v1/models en direct), décrits par le catalogue intégré, ainsi que les
modèles personnalisés et les substitutions du compte (--account), tels que les
affiche la vue Modèles de l&apos;application. Si la liste en direct ne peut pas être
récupérée, la commande échoue&#xa0;; --offline liste le catalogue et les modèles
personnalisés sans requête. --json affiche un tableau d&apos;objets (id,
displayName, provider, surfaces, routePrefix, region, listedLive, inCatalogue,
custom, privatePrices, prices). Les informations d&apos;identification proviennent
du compte, sinon de AWS_BEARER_TOKEN_BEDROCK, sinon de AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY et AWS_SESSION_TOKEN.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Afficher cette aide.</translation>
    </message>
    <message>
        <source>Print a table: id, surfaces, route prefix, region, source (live, catalogue or custom), input and output price per million tokens.</source>
        <translation>Afficher un tableau&#xa0;: ID, surfaces, préfixe de route, région, source (live, catalogue ou custom), prix en entrée et en sortie par million de jetons.</translation>
    </message>
    <message>
        <source>Send no request: list the built-in catalogue and the account&apos;s custom models.</source>
        <translation>N&apos;envoyer aucune requête&#xa0;: lister le catalogue intégré et les modèles personnalisés du compte.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Utilisation&#xa0;: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>argument inattendu «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>--details and --json cannot be combined.</source>
        <translation>--details et --json ne peuvent pas être combinés.</translation>
    </message>
</context>
<context>
    <name>mantle::cli::RegionsCommand</name>
    <message>
        <source>Run `mantle regions --help` for the options.</source>
        <translation>Exécutez `mantle regions --help` pour connaître les options.</translation>
    </message>
    <message>
        <source>Which of the 13 regions serve a model, with a latency probe</source>
        <translation>Quelles régions, parmi les 13, servent un modèle, avec une mesure de latence</translation>
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
        <translation>Demande en même temps aux 13 régions Mantle leur liste de modèles en direct
(GET /v1/models) et affiche une ligne par région&#xa0;: la région, son nom, si elle liste le
modèle (--model), le nombre de modèles qu&apos;elle liste, la mesure de latence (millisecondes
jusqu&apos;au premier octet de la réponse de la liste, établissement de la connexion compris)
et l&apos;erreur d&apos;une région en échec. --json affiche {model, shared_endpoint, answered,
serving, regions: [{region, name, status, serves_model, models_listed, latency_ms,
error}]}. Code de sortie 0 si au moins une région a répondu, sinon 1. Les informations
d&apos;identification proviennent du compte, sinon de AWS_BEARER_TOKEN_BEDROCK, sinon de
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY et AWS_SESSION_TOKEN&#xa0;; avec SigV4, la requête
de chaque région est signée pour cette région.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Afficher cette aide.</translation>
    </message>
    <message>
        <source>The model to look for in each region&apos;s list.</source>
        <translation>Le modèle à rechercher dans la liste de chaque région.</translation>
    </message>
    <message>
        <source>An account of the app (see `mantle accounts`).</source>
        <translation>Un compte de l&apos;application (voir `mantle accounts`).</translation>
    </message>
    <message>
        <source>Send every region&apos;s request to this root URL instead of the region&apos;s own (plain http only to loopback).</source>
        <translation>Envoyer la requête de chaque région à cette URL racine plutôt qu&apos;à celle de la région (http en clair uniquement vers l&apos;adresse de bouclage).</translation>
    </message>
    <message>
        <source>Print the result as JSON instead of a table.</source>
        <translation>Afficher le résultat en JSON plutôt qu&apos;en tableau.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Utilisation&#xa0;: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>argument inattendu «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>--account must not be empty.</source>
        <translation>--account ne doit pas être vide.</translation>
    </message>
    <message>
        <source>--endpoint: %1</source>
        <translation>--endpoint&#xa0;: %1</translation>
    </message>
    <message>
        <source>--model must not be empty.</source>
        <translation>--model ne doit pas être vide.</translation>
    </message>
</context>
<context>
    <name>mantle::cli::ReplayCommand</name>
    <message>
        <source>Run `mantle replay --help` for the options.</source>
        <translation>Exécutez `mantle replay --help` pour connaître les options.</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2.</source>
        <translation>Impossible de lire «&#xa0;%1&#xa0;»&#xa0;: %2.</translation>
    </message>
    <message>
        <source>Read a recorded stream or answer body and print the turn as JSON</source>
        <translation>Lire un flux ou un corps de réponse enregistré et afficher le tour en JSON</translation>
    </message>
    <message>
        <source>Feeds a recorded server-sent event stream (or a non-streamed JSON answer body)
through the parser and accumulator of one API and prints the final turn as
JSON: {text, reasoning, tool_calls, usage, stop_reason, response_id, error}.
An error the stream reports is part of the turn; the exit code is still 0.</source>
        <translation>Fait passer un flux d&apos;événements envoyés par le serveur enregistré (ou un corps
de réponse JSON non diffusé) par l&apos;analyseur et l&apos;accumulateur d&apos;une API, et
affiche le tour final en JSON&#xa0;: {text, reasoning, tool_calls, usage,
stop_reason, response_id, error}. Une erreur signalée par le flux fait partie
du tour&#xa0;; le code de sortie reste 0.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Afficher cette aide.</translation>
    </message>
    <message>
        <source>The API that produced the recording: chat, responses or messages.</source>
        <translation>L&apos;API qui a produit l&apos;enregistrement&#xa0;: chat, responses ou messages.</translation>
    </message>
    <message>
        <source>The recorded stream or answer body.</source>
        <translation>Le flux ou le corps de réponse enregistré.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Utilisation&#xa0;: %1</translation>
    </message>
    <message>
        <source>--api is required (chat, responses or messages).</source>
        <translation>--api est obligatoire (chat, responses ou messages).</translation>
    </message>
    <message>
        <source>--api “%1” is not one of chat, responses, messages.</source>
        <translation>--api «&#xa0;%1&#xa0;» ne fait pas partie de chat, responses, messages.</translation>
    </message>
    <message>
        <source>name the FILE to replay.</source>
        <translation>indiquez le FILE à rejouer.</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>argument inattendu «&#xa0;%1&#xa0;».</translation>
    </message>
</context>
<context>
    <name>mantle::cli::RequestCommand</name>
    <message>
        <source>Send a prompt with the Chat Completions API and print the answer</source>
        <translation>Envoyer un prompt avec l&apos;API Chat Completions et afficher la réponse</translation>
    </message>
    <message>
        <source>Send a prompt with the Responses API and print the answer</source>
        <translation>Envoyer un prompt avec l&apos;API Responses et afficher la réponse</translation>
    </message>
    <message>
        <source>Send a prompt with the Anthropic Messages API and print the answer</source>
        <translation>Envoyer un prompt avec l&apos;API Anthropic Messages et afficher la réponse</translation>
    </message>
    <message>
        <source>Count the input tokens of a Messages request</source>
        <translation>Compter les jetons d&apos;entrée d&apos;une requête Messages</translation>
    </message>
    <message>
        <source>Run `mantle %1 --help` for the options.</source>
        <translation>Exécutez `mantle %1 --help` pour connaître les options.</translation>
    </message>
    <message>
        <source>%1.
Credentials come from AWS_BEARER_TOKEN_BEDROCK, else AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.</source>
        <translation>%1.
Les informations d&apos;identification proviennent de AWS_BEARER_TOKEN_BEDROCK,
sinon de AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY et AWS_SESSION_TOKEN.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Afficher cette aide.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Utilisation&#xa0;: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1” (the stored-response actions are get, delete and cancel).</source>
        <translation>argument inattendu «&#xa0;%1&#xa0;» (les actions sur les réponses stockées sont get, delete et cancel).</translation>
    </message>
    <message>
        <source>%1 takes exactly one response id.</source>
        <translation>%1 prend exactement un ID de réponse.</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>argument inattendu «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>count-tokens does not stream.</source>
        <translation>count-tokens ne prend pas en charge le streaming.</translation>
    </message>
</context>
<context>
    <name>mantle::cli::RequestOptions</name>
    <message>
        <source>%1: cannot read “%2”: %3.</source>
        <translation>%1&#xa0;: impossible de lire «&#xa0;%2&#xa0;»&#xa0;: %3.</translation>
    </message>
    <message>
        <source>%1: “%2” is not JSON (%3 at byte %4).</source>
        <translation>%1&#xa0;: «&#xa0;%2&#xa0;» n&apos;est pas du JSON (%3 à l&apos;octet %4).</translation>
    </message>
    <message>
        <source>--tools: “%1” must hold a JSON array of tools.</source>
        <translation>--tools&#xa0;: «&#xa0;%1&#xa0;» doit contenir un tableau JSON d&apos;outils.</translation>
    </message>
    <message>
        <source>The model id, e.g. openai.gpt-oss-120b.</source>
        <translation>L&apos;ID du modèle, par ex. openai.gpt-oss-120b.</translation>
    </message>
    <message>
        <source>The prompt (read from stdin when absent).</source>
        <translation>Le prompt (lu sur stdin s&apos;il est absent).</translation>
    </message>
    <message>
        <source>The system prompt.</source>
        <translation>Le prompt système.</translation>
    </message>
    <message>
        <source>The most tokens to generate.</source>
        <translation>Le nombre maximal de jetons à générer.</translation>
    </message>
    <message>
        <source>The sampling temperature, 0 to 2.</source>
        <translation>La température d&apos;échantillonnage, de 0 à 2.</translation>
    </message>
    <message>
        <source>How hard a reasoning model thinks: low, medium or high.</source>
        <translation>L&apos;intensité de réflexion d&apos;un modèle de raisonnement&#xa0;: low, medium ou high.</translation>
    </message>
    <message>
        <source>A JSON file with an array of tools in the API&apos;s own shape.</source>
        <translation>Un fichier JSON contenant un tableau d&apos;outils au format propre à l&apos;API.</translation>
    </message>
    <message>
        <source>auto, none, required or the name of a tool to call.</source>
        <translation>auto, none, required ou le nom d&apos;un outil à appeler.</translation>
    </message>
    <message>
        <source>A JSON Schema file the answer must follow (structured output).</source>
        <translation>Un fichier JSON Schema que la réponse doit respecter (sortie structurée).</translation>
    </message>
    <message>
        <source>Continue from a stored response (responses only).</source>
        <translation>Poursuivre à partir d&apos;une réponse stockée (responses uniquement).</translation>
    </message>
    <message>
        <source>Ask the server not to store the response (responses only).</source>
        <translation>Demander au serveur de ne pas stocker la réponse (responses uniquement).</translation>
    </message>
    <message>
        <source>Run the response in the background and follow it until it is done (responses only).</source>
        <translation>Exécuter la réponse en arrière-plan et la suivre jusqu&apos;à la fin (responses uniquement).</translation>
    </message>
    <message>
        <source>Stream the answer, printing text as it comes.</source>
        <translation>Diffuser la réponse en affichant le texte au fur et à mesure.</translation>
    </message>
    <message>
        <source>Print the final turn as JSON instead of the text.</source>
        <translation>Afficher le tour final en JSON plutôt que le texte.</translation>
    </message>
    <message>
        <source>The AWS region (default: AWS_REGION or AWS_DEFAULT_REGION).</source>
        <translation>La région AWS (par défaut&#xa0;: AWS_REGION ou AWS_DEFAULT_REGION).</translation>
    </message>
    <message>
        <source>The root URL to send to instead of the region&apos;s Mantle host.</source>
        <translation>L&apos;URL racine à utiliser à la place de l&apos;hôte Mantle de la région.</translation>
    </message>
    <message>
        <source>An account of the app (see `mantle accounts`).</source>
        <translation>Un compte de l&apos;application (voir `mantle accounts`).</translation>
    </message>
    <message>
        <source>--account must not be empty.</source>
        <translation>--account ne doit pas être vide.</translation>
    </message>
    <message>
        <source>--region must not be empty.</source>
        <translation>--region ne doit pas être vide.</translation>
    </message>
    <message>
        <source>--endpoint: %1</source>
        <translation>--endpoint&#xa0;: %1</translation>
    </message>
    <message>
        <source>--model is required.</source>
        <translation>--model est obligatoire.</translation>
    </message>
    <message>
        <source>give the prompt with --prompt TEXT or on stdin.</source>
        <translation>indiquez le prompt avec --prompt TEXT ou sur stdin.</translation>
    </message>
    <message>
        <source>--max-tokens takes a positive whole number, not “%1”.</source>
        <translation>--max-tokens prend un nombre entier positif, pas «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>--temperature takes a number from 0 to 2, not “%1”.</source>
        <translation>--temperature prend un nombre de 0 à 2, pas «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>--reasoning-effort takes low, medium or high, not “%1”.</source>
        <translation>--reasoning-effort prend low, medium ou high, pas «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>--tool-choice takes auto, none, required or a tool&apos;s name.</source>
        <translation>--tool-choice prend auto, none, required ou le nom d&apos;un outil.</translation>
    </message>
    <message>
        <source>--schema: “%1” must hold a JSON Schema object.</source>
        <translation>--schema&#xa0;: «&#xa0;%1&#xa0;» doit contenir un objet JSON Schema.</translation>
    </message>
    <message>
        <source>--background is for the responses command only.</source>
        <translation>--background s&apos;utilise uniquement avec la commande responses.</translation>
    </message>
    <message>
        <source>--background and --stream do not go together: a background response is followed by asking for it until it is done.</source>
        <translation>--background et --stream ne vont pas ensemble&#xa0;: une réponse en arrière-plan est suivie en l&apos;interrogeant jusqu&apos;à ce qu&apos;elle soit terminée.</translation>
    </message>
    <message>
        <source>--background needs the response stored: drop --no-store.</source>
        <translation>--background exige que la réponse soit stockée&#xa0;: retirez --no-store.</translation>
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
        <translation>Aucune région&#xa0;: indiquez --region R ou définissez AWS_REGION.</translation>
    </message>
    <message>
        <source>AWS profiles are not supported by the CLI yet (%1 is set).</source>
        <translation>Les profils AWS ne sont pas encore pris en charge par la CLI (%1 est défini).</translation>
    </message>
    <message>
        <source>Export the profile&apos;s keys as AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (for example with `aws configure export-credentials --format env`), or set AWS_BEARER_TOKEN_BEDROCK.</source>
        <translation>Exportez les clés du profil dans AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY et AWS_SESSION_TOKEN (par exemple avec `aws configure export-credentials --format env`), ou définissez AWS_BEARER_TOKEN_BEDROCK.</translation>
    </message>
    <message>
        <source>No credentials in the environment.</source>
        <translation>Aucune information d&apos;identification dans l&apos;environnement.</translation>
    </message>
    <message>
        <source>Set AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials).</source>
        <translation>Définissez AWS_BEARER_TOKEN_BEDROCK avec une clé d&apos;API Bedrock, ou AWS_ACCESS_KEY_ID et AWS_SECRET_ACCESS_KEY (et AWS_SESSION_TOKEN pour des informations d&apos;identification temporaires).</translation>
    </message>
    <message>
        <source>No region: give --region R, --account A or set AWS_REGION.</source>
        <translation>Aucune région&#xa0;: indiquez --region R, --account A ou définissez AWS_REGION.</translation>
    </message>
    <message>
        <source>Tool call %1: %2 %3</source>
        <translation>Appel d&apos;outil %1&#xa0;: %2 %3</translation>
    </message>
    <message>
        <source>The answer ended with an error: %1</source>
        <translation>La réponse s&apos;est terminée par une erreur&#xa0;: %1</translation>
    </message>
    <message>
        <source>Background response %1: %2</source>
        <translation>Réponse en arrière-plan %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Deleted %1.</source>
        <translation>%1 supprimé.</translation>
    </message>
    <message>
        <source>Response %1: %2</source>
        <translation>Réponse %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>The count tokens answer has no input_tokens.</source>
        <translation>La réponse du comptage de jetons ne contient pas input_tokens.</translation>
    </message>
    <message>
        <source>No region answered.</source>
        <translation>Aucune région n&apos;a répondu.</translation>
    </message>
</context>
<context>
    <name>mantle::cli::SignCommand</name>
    <message>
        <source>Run `mantle sign --help` for the options.</source>
        <translation>Exécutez `mantle sign --help` pour connaître les options.</translation>
    </message>
    <message>
        <source>Sign a request with SigV4 and print the signature as JSON</source>
        <translation>Signer une requête avec SigV4 et afficher la signature en JSON</translation>
    </message>
    <message>
        <source>Signs one HTTP request with AWS Signature Version 4 and prints JSON:
{canonical_request, string_to_sign, signature, authorization, headers, url}.
Credentials come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
AWS_SESSION_TOKEN; nothing is sent.</source>
        <translation>Signe une requête HTTP avec AWS Signature Version 4 et affiche du JSON&#xa0;:
{canonical_request, string_to_sign, signature, authorization, headers, url}.
Les informations d&apos;identification proviennent de AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY et AWS_SESSION_TOKEN&#xa0;; rien n&apos;est envoyé.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Afficher cette aide.</translation>
    </message>
    <message>
        <source>The HTTP method (GET).</source>
        <translation>La méthode HTTP (GET).</translation>
    </message>
    <message>
        <source>The full request URL.</source>
        <translation>L&apos;URL complète de la requête.</translation>
    </message>
    <message>
        <source>A header to sign, as &apos;Name: value&apos; (repeatable).</source>
        <translation>Un en-tête à signer, sous la forme &apos;Name: value&apos; (répétable).</translation>
    </message>
    <message>
        <source>A file whose bytes are the request body.</source>
        <translation>Un fichier dont les octets forment le corps de la requête.</translation>
    </message>
    <message>
        <source>The signing region.</source>
        <translation>La région de signature.</translation>
    </message>
    <message>
        <source>The signing service (bedrock-mantle).</source>
        <translation>Le service de signature (bedrock-mantle).</translation>
    </message>
    <message>
        <source>The signing time, YYYYMMDDTHHMMSSZ (now).</source>
        <translation>L&apos;heure de signature, YYYYMMDDTHHMMSSZ (maintenant).</translation>
    </message>
    <message>
        <source>Do not add and sign the x-amz-content-sha256 header.</source>
        <translation>Ne pas ajouter ni signer l&apos;en-tête x-amz-content-sha256.</translation>
    </message>
    <message>
        <source>Sign as a presigned URL valid for SECONDS instead of with a header.</source>
        <translation>Signer sous forme d&apos;URL présignée valable SECONDS secondes plutôt qu&apos;avec un en-tête.</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>argument inattendu «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>--url is required.</source>
        <translation>--url est obligatoire.</translation>
    </message>
    <message>
        <source>--region is required.</source>
        <translation>--region est obligatoire.</translation>
    </message>
    <message>
        <source>“%1” is not a region code such as us-east-1.</source>
        <translation>«&#xa0;%1&#xa0;» n&apos;est pas un code de région tel que us-east-1.</translation>
    </message>
    <message>
        <source>Mantle is not served in “%1”. Its regions are: %2.</source>
        <translation>Mantle n&apos;est pas servi dans «&#xa0;%1&#xa0;». Ses régions sont&#xa0;: %2.</translation>
    </message>
    <message>
        <source>“%1” is not a service name.</source>
        <translation>«&#xa0;%1&#xa0;» n&apos;est pas un nom de service.</translation>
    </message>
    <message>
        <source>--time “%1” is not of the form YYYYMMDDTHHMMSSZ (for example 20260101T120000Z).</source>
        <translation>--time «&#xa0;%1&#xa0;» n&apos;est pas de la forme YYYYMMDDTHHMMSSZ (par exemple 20260101T120000Z).</translation>
    </message>
    <message>
        <source>--presign takes a number of seconds from 1 to 604800.</source>
        <translation>--presign prend un nombre de secondes de 1 à 604800.</translation>
    </message>
    <message>
        <source>--method must not be empty.</source>
        <translation>--method ne doit pas être vide.</translation>
    </message>
    <message>
        <source>--header “%1” is not of the form &apos;Name: value&apos;.</source>
        <translation>--header «&#xa0;%1&#xa0;» n&apos;est pas de la forme &apos;Name: value&apos;.</translation>
    </message>
    <message>
        <source>Cannot read the body file “%1”: %2.</source>
        <translation>Impossible de lire le fichier de corps «&#xa0;%1&#xa0;»&#xa0;: %2.</translation>
    </message>
    <message>
        <source>No AWS credentials in the environment.</source>
        <translation>Aucune information d&apos;identification AWS dans l&apos;environnement.</translation>
    </message>
    <message>
        <source>Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials).</source>
        <translation>Définissez AWS_ACCESS_KEY_ID et AWS_SECRET_ACCESS_KEY (et AWS_SESSION_TOKEN pour des informations d&apos;identification temporaires).</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Utilisation&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>mantle::cli::SnippetCommand</name>
    <message>
        <source>--spec: cannot read “%1”: %2.</source>
        <translation>--spec&#xa0;: impossible de lire «&#xa0;%1&#xa0;»&#xa0;: %2.</translation>
    </message>
    <message>
        <source>--spec: “%1” does not hold a JSON object.</source>
        <translation>--spec&#xa0;: «&#xa0;%1&#xa0;» ne contient pas d&apos;objet JSON.</translation>
    </message>
    <message>
        <source>--spec: %1</source>
        <translation>--spec&#xa0;: %1</translation>
    </message>
    <message>
        <source>Print a request as a program (Python, TypeScript, curl)</source>
        <translation>Afficher une requête sous forme de programme (Python, TypeScript, curl)</translation>
    </message>
    <message>
        <source>Run `mantle snippet --help` for the options.</source>
        <translation>Exécutez `mantle snippet --help` pour connaître les options.</translation>
    </message>
    <message>
        <source>%1.
The program reads its credentials from the environment when it runs
(AWS_BEARER_TOKEN_BEDROCK, or the AWS_* key variables or AWS_PROFILE for SigV4);
this command reads none and sends nothing.</source>
        <translation>%1.
Le programme lit ses informations d&apos;identification dans l&apos;environnement à
l&apos;exécution (AWS_BEARER_TOKEN_BEDROCK, ou les variables de clés AWS_* ou
AWS_PROFILE pour SigV4)&#xa0;; cette commande n&apos;en lit aucune et n&apos;envoie rien.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Afficher cette aide.</translation>
    </message>
    <message>
        <source>The API: %1.</source>
        <translation>L&apos;API&#xa0;: %1.</translation>
    </message>
    <message>
        <source>The language: %1.</source>
        <translation>Le langage&#xa0;: %1.</translation>
    </message>
    <message>
        <source>A request description (RequestSpec JSON) instead of the request flags.</source>
        <translation>Une description de requête (JSON RequestSpec) à la place des options de requête.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Utilisation&#xa0;: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>argument inattendu «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>--lang is required (%1).</source>
        <translation>--lang est obligatoire (%1).</translation>
    </message>
    <message>
        <source>--lang takes %1, not “%2”.</source>
        <translation>--lang prend %1, pas «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <source>--api takes %1, not “%2”.</source>
        <translation>--api prend %1, pas «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <source>--spec replaces --%1: give one or the other.</source>
        <translation>--spec remplace --%1&#xa0;: indiquez l&apos;un ou l&apos;autre.</translation>
    </message>
    <message>
        <source>--api %1 does not match the spec&apos;s API (%2).</source>
        <translation>--api %1 ne correspond pas à l&apos;API de la spec (%2).</translation>
    </message>
    <message>
        <source>--api is required (%1).</source>
        <translation>--api est obligatoire (%1).</translation>
    </message>
</context>
<context>
    <name>mantle::cli::TokenCommand</name>
    <message>
        <source>Run `mantle token --help` for the options.</source>
        <translation>Exécutez `mantle token --help` pour connaître les options.</translation>
    </message>
    <message>
        <source>A short-term API key is made from SigV4 credentials (access keys or a role), not from another API key: use such an account, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN).</source>
        <translation>Une clé d&apos;API à court terme se crée à partir d&apos;informations d&apos;identification SigV4 (clés d&apos;accès ou rôle), pas à partir d&apos;une autre clé d&apos;API&#xa0;: utilisez un tel compte, ou définissez AWS_ACCESS_KEY_ID et AWS_SECRET_ACCESS_KEY (et AWS_SESSION_TOKEN).</translation>
    </message>
    <message>
        <source>Make a short-term Bedrock API key from SigV4 credentials</source>
        <translation>Créer une clé d&apos;API Bedrock à court terme à partir d&apos;informations d&apos;identification SigV4</translation>
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
        <translation>Crée localement une clé d&apos;API Bedrock à court terme (&quot;bedrock-api-key-…&quot;, valable
jusqu&apos;à 12 heures et dans une seule région) à partir d&apos;informations d&apos;identification
SigV4, comme le font les générateurs de jetons d&apos;AWS, et l&apos;affiche seule sur stdout, de
sorte que
  export AWS_BEARER_TOKEN_BEDROCK=$(mantle token --region us-east-1)
fonctionne&#xa0;; son expiration et sa région vont sur stderr. Les informations
d&apos;identification proviennent du compte (--account&#xa0;: clés d&apos;accès, ou rôle assumé via
STS), sinon de AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY et AWS_SESSION_TOKEN. Des
informations d&apos;identification temporaires qui expirent plus tôt raccourcissent d&apos;autant
la durée de vie de la clé. La clé est valable quel que soit le point de terminaison visé
par une requête&#xa0;; --endpoint est accepté par symétrie avec les autres commandes.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Afficher cette aide.</translation>
    </message>
    <message>
        <source>How long the key lives, in seconds: %1 to %2 (the default).</source>
        <translation>Durée de vie de la clé, en secondes&#xa0;: de %1 à %2 (valeur par défaut).</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Utilisation&#xa0;: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>argument inattendu «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>--expires-in takes seconds from %1 to %2, not “%3”.</source>
        <translation>--expires-in prend un nombre de secondes de %1 à %2, pas «&#xa0;%3&#xa0;».</translation>
    </message>
    <message>
        <source>The account “%1” uses an API key: it has no SigV4 credentials.</source>
        <translation>Le compte «&#xa0;%1&#xa0;» utilise une clé d&apos;API&#xa0;: il n&apos;a pas d&apos;informations d&apos;identification SigV4.</translation>
    </message>
    <message>
        <source>The environment has an API key (AWS_BEARER_TOKEN_BEDROCK) but no SigV4 credentials.</source>
        <translation>L&apos;environnement contient une clé d&apos;API (AWS_BEARER_TOKEN_BEDROCK), mais aucune information d&apos;identification SigV4.</translation>
    </message>
    <message>
        <source>No credentials in the environment.</source>
        <translation>Aucune information d&apos;identification dans l&apos;environnement.</translation>
    </message>
    <message>
        <source>Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials), or give --account A.</source>
        <translation>Définissez AWS_ACCESS_KEY_ID et AWS_SECRET_ACCESS_KEY (et AWS_SESSION_TOKEN pour des informations d&apos;identification temporaires), ou indiquez --account A.</translation>
    </message>
    <message>
        <source>No region: give --region R, --account A or set AWS_REGION.</source>
        <translation>Aucune région&#xa0;: indiquez --region R, --account A ou définissez AWS_REGION.</translation>
    </message>
    <message>
        <source>“%1” is not one of Mantle&apos;s regions.</source>
        <translation>«&#xa0;%1&#xa0;» n&apos;est pas l&apos;une des régions de Mantle.</translation>
    </message>
    <message>
        <source>expires at %1 (region %2)</source>
        <translation>expire le %1 (région %2)</translation>
    </message>
    <message>
        <source>The key lives %1 seconds only: the temporary credentials it was made from expire then.</source>
        <translation>La durée de vie de la clé est limitée à %1 secondes&#xa0;: les informations d&apos;identification temporaires dont elle est issue expirent à ce moment-là.</translation>
    </message>
</context>
<context>
    <name>mantle::codeexport::SnippetGenerator</name>
    <message>
        <source>A %1 request cannot be exported as %2.</source>
        <translation>Une requête %1 ne peut pas être exportée en %2.</translation>
    </message>
    <message>
        <source>No language fits this API.</source>
        <translation>Aucun langage ne convient à cette API.</translation>
    </message>
    <message>
        <source>Languages that fit: %1.</source>
        <translation>Langages qui conviennent&#xa0;: %1.</translation>
    </message>
    <message>
        <source>Unknown snippet language.</source>
        <translation>Langage d&apos;extrait inconnu.</translation>
    </message>
</context>
<context>
    <name>mantle::compare::CompareRun</name>
    <message>
        <source>No target to compare.</source>
        <translation>Aucune cible à comparer.</translation>
    </message>
    <message>
        <source>Add at least one target.</source>
        <translation>Ajoutez au moins une cible.</translation>
    </message>
    <message>
        <source>%1 targets are too many: at most %2 are compared at once.</source>
        <translation>%1 cibles, c&apos;est trop&#xa0;: %2 au plus sont comparées à la fois.</translation>
    </message>
    <message>
        <source>Remove some targets.</source>
        <translation>Retirez des cibles.</translation>
    </message>
    <message>
        <source>Target %1 names no model.</source>
        <translation>La cible %1 n&apos;indique aucun modèle.</translation>
    </message>
    <message>
        <source>Target %1 uses the %2 API, which gives no answer.</source>
        <translation>La cible %1 utilise l&apos;API %2, qui ne renvoie pas de réponse.</translation>
    </message>
    <message>
        <source>The target “%1” is given twice.</source>
        <translation>La cible «&#xa0;%1&#xa0;» est indiquée deux fois.</translation>
    </message>
    <message>
        <source>No way to resolve the target is set.</source>
        <translation>Aucun moyen de résoudre la cible n&apos;est défini.</translation>
    </message>
    <message>
        <source>The comparison was cancelled.</source>
        <translation>La comparaison a été annulée.</translation>
    </message>
</context>
<context>
    <name>mantle::compare::CompareTarget</name>
    <message>
        <source>A target reads like api=chat,model=openai.gpt-oss-120b,region=us-east-1,account=NAME.</source>
        <translation>Une cible s&apos;écrit par exemple api=chat,model=openai.gpt-oss-120b,region=us-east-1,account=NAME.</translation>
    </message>
    <message>
        <source>The target item “%1” is not of the form key=value.</source>
        <translation>L&apos;élément de cible «&#xa0;%1&#xa0;» n&apos;est pas de la forme key=value.</translation>
    </message>
    <message>
        <source>The target item “%1” has an unknown key (the keys are api, model, region and account).</source>
        <translation>L&apos;élément de cible «&#xa0;%1&#xa0;» a une clé inconnue (les clés sont api, model, region et account).</translation>
    </message>
    <message>
        <source>The target item “%1” repeats the key “%2”.</source>
        <translation>L&apos;élément de cible «&#xa0;%1&#xa0;» répète la clé «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <source>The target item “%1” has no value.</source>
        <translation>L&apos;élément de cible «&#xa0;%1&#xa0;» n&apos;a pas de valeur.</translation>
    </message>
    <message>
        <source>The target item “%1” names no answer API (the APIs are chat, responses and messages).</source>
        <translation>L&apos;élément de cible «&#xa0;%1&#xa0;» n&apos;indique aucune API de réponse (les API sont chat, responses et messages).</translation>
    </message>
    <message>
        <source>The target “%1” names no model.</source>
        <translation>La cible «&#xa0;%1&#xa0;» n&apos;indique aucun modèle.</translation>
    </message>
</context>
<context>
    <name>mantle::compare::RegionMatrix</name>
    <message>
        <source>Unknown error.</source>
        <translation>Erreur inconnue.</translation>
    </message>
    <message>
        <source>No way to reach the region.</source>
        <translation>Aucun moyen d&apos;atteindre la région.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Arrêté.</translation>
    </message>
</context>
<context>
    <name>mantle::emulator::EmulatorProgram</name>
    <message>
        <source>Run `%1 --help` for the options.</source>
        <translation>Exécutez `%1 --help` pour connaître les options.</translation>
    </message>
    <message>
        <source>A local Amazon Bedrock Mantle on 127.0.0.1, for tests and demos.
It accepts SigV4 with the access key id AKIDMANTLEEMULATOR and the secret
mantle-emulator-secret, and the API key mantle-emulator-key (Authorization:
Bearer, or x-api-key under /anthropic). A request can ask for faults with the
header x-emulator-fault (latency=MS; status=CODE; retry-after=S; access-denied;
wrong-prefix; drop-after=N; malformed-after=N; stall-after=N) and for a pace
between stream events with x-emulator-pace: MS.</source>
        <translation>Un Amazon Bedrock Mantle local sur 127.0.0.1, pour les tests et les démos.
Il accepte SigV4 avec l&apos;ID de clé d&apos;accès AKIDMANTLEEMULATOR et le secret
mantle-emulator-secret, et la clé d&apos;API mantle-emulator-key (Authorization:
Bearer, ou x-api-key sous /anthropic). Une requête peut demander des pannes
avec l&apos;en-tête x-emulator-fault (latency=MS; status=CODE; retry-after=S;
access-denied; wrong-prefix; drop-after=N; malformed-after=N; stall-after=N)
et un rythme entre les événements du flux avec x-emulator-pace: MS.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Afficher cette aide.</translation>
    </message>
    <message>
        <source>The port on 127.0.0.1 (0, the default, picks a free one).</source>
        <translation>Le port sur 127.0.0.1 (0, la valeur par défaut, en choisit un libre).</translation>
    </message>
    <message>
        <source>The region of requests whose signature or Host names none (default us-east-1).</source>
        <translation>La région des requêtes dont la signature ou l&apos;en-tête Host n&apos;en indique aucune (par défaut us-east-1).</translation>
    </message>
    <message>
        <source>Milliseconds between two events of a streamed answer (default 0: all at once); a request&apos;s x-emulator-pace header overrides it.</source>
        <translation>Millisecondes entre deux événements d&apos;une réponse diffusée (par défaut 0&#xa0;: tout d&apos;un coup)&#xa0;; l&apos;en-tête x-emulator-pace d&apos;une requête a priorité.</translation>
    </message>
    <message>
        <source>Stream without chunked encoding, ending each stream by closing the connection.</source>
        <translation>Diffuser sans encodage chunked, en terminant chaque flux par la fermeture de la connexion.</translation>
    </message>
    <message>
        <source>Log every request on standard error.</source>
        <translation>Journaliser chaque requête sur la sortie d&apos;erreur standard.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Utilisation&#xa0;: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>argument inattendu «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>--port takes a number from 0 to 65535, not “%1”.</source>
        <translation>--port prend un nombre de 0 à 65535, pas «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>--region must be one of the Mantle regions (%1), not “%2”.</source>
        <translation>--region doit être l&apos;une des régions Mantle (%1), pas «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <source>--pace-ms takes milliseconds from 0 to %1, not “%2”.</source>
        <translation>--pace-ms prend un nombre de millisecondes de 0 à %1, pas «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <source>%1: cannot listen on 127.0.0.1:%2: %3</source>
        <translation>%1&#xa0;: impossible d&apos;écouter sur 127.0.0.1:%2&#xa0;: %3</translation>
    </message>
</context>
<context>
    <name>mantle::emulator::FaultPlan</name>
    <message>
        <source>The fault “%1” takes no value.</source>
        <translation>La panne «&#xa0;%1&#xa0;» ne prend pas de valeur.</translation>
    </message>
    <message>
        <source>The fault “%1” needs a value (%1=N).</source>
        <translation>La panne «&#xa0;%1&#xa0;» nécessite une valeur (%1=N).</translation>
    </message>
    <message>
        <source>Unknown fault “%1” (known: latency, status, retry-after, access-denied, wrong-prefix, drop-after, malformed-after, stall-after).</source>
        <translation>Panne «&#xa0;%1&#xa0;» inconnue (connues&#xa0;: latency, status, retry-after, access-denied, wrong-prefix, drop-after, malformed-after, stall-after).</translation>
    </message>
    <message>
        <source>The fault “%1” needs a number from %2 to %3, not “%4”.</source>
        <translation>La panne «&#xa0;%1&#xa0;» nécessite un nombre de %2 à %3, pas «&#xa0;%4&#xa0;».</translation>
    </message>
    <message>
        <source>The fault “retry-after” goes with a “status” fault.</source>
        <translation>La panne «&#xa0;retry-after&#xa0;» s&apos;utilise avec une panne «&#xa0;status&#xa0;».</translation>
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
        <translation>Compter les jetons</translation>
    </message>
    <message>
        <source>List models</source>
        <translation>Lister les modèles</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::CostLedger</name>
    <message>
        <source>A cost total has no valid amount.</source>
        <translation>Un total de coûts n&apos;a pas de montant valide.</translation>
    </message>
    <message>
        <source>The cost ledger is not in %1.</source>
        <translation>Le registre des coûts n&apos;est pas en %1.</translation>
    </message>
    <message>
        <source>The cost ledger has an invalid day &quot;%1&quot;.</source>
        <translation>Le registre des coûts contient un jour non valide &quot;%1&quot;.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::Endpoint</name>
    <message>
        <source>Give the root URL to which /v1, /openai/v1 or /anthropic/v1 is added, such as https://bedrock-mantle.us-east-1.api.aws, or http://127.0.0.1:8080 for a local emulator.</source>
        <translation>Indiquez l&apos;URL racine à laquelle /v1, /openai/v1 ou /anthropic/v1 est ajouté, comme https://bedrock-mantle.us-east-1.api.aws, ou http://127.0.0.1:8080 pour un émulateur local.</translation>
    </message>
    <message>
        <source>Start it with https:// (or http:// for a local emulator on this computer).</source>
        <translation>Commencez-la par https:// (ou http:// pour un émulateur local sur cet ordinateur).</translation>
    </message>
    <message>
        <source>No endpoint URL is given.</source>
        <translation>Aucune URL de point de terminaison n&apos;est indiquée.</translation>
    </message>
    <message>
        <source>“%1” has no scheme.</source>
        <translation>«&#xa0;%1&#xa0;» n&apos;a pas de schéma.</translation>
    </message>
    <message>
        <source>The endpoint URL contains a user name or password (the part before “@”).</source>
        <translation>L&apos;URL du point de terminaison contient un nom d&apos;utilisateur ou un mot de passe (la partie avant «&#xa0;@&#xa0;»).</translation>
    </message>
    <message>
        <source>Remove it: credentials belong in the account or the environment, never in the URL.</source>
        <translation>Supprimez-le&#xa0;: les informations d&apos;identification vont dans le compte ou l&apos;environnement, jamais dans l&apos;URL.</translation>
    </message>
    <message>
        <source>“%1” is not a valid URL.</source>
        <translation>«&#xa0;%1&#xa0;» n&apos;est pas une URL valide.</translation>
    </message>
    <message>
        <source>“%1” uses the scheme “%2”, which an endpoint cannot use.</source>
        <translation>«&#xa0;%1&#xa0;» utilise le schéma «&#xa0;%2&#xa0;», qu&apos;un point de terminaison ne peut pas utiliser.</translation>
    </message>
    <message>
        <source>“%1” has no host name.</source>
        <translation>«&#xa0;%1&#xa0;» n&apos;a pas de nom d&apos;hôte.</translation>
    </message>
    <message>
        <source>“%1” has an invalid port.</source>
        <translation>«&#xa0;%1&#xa0;» a un port non valide.</translation>
    </message>
    <message>
        <source>Give a port from 1 to 65535, or none for the scheme&apos;s default.</source>
        <translation>Indiquez un port de 1 à 65535, ou aucun pour le port par défaut du schéma.</translation>
    </message>
    <message>
        <source>“%1” has a query (“?…”), which an endpoint cannot have.</source>
        <translation>«&#xa0;%1&#xa0;» contient une requête («&#xa0;?…&#xa0;»), ce qu&apos;un point de terminaison ne peut pas avoir.</translation>
    </message>
    <message>
        <source>“%1” has a fragment (“#…”), which an endpoint cannot have.</source>
        <translation>«&#xa0;%1&#xa0;» contient un fragment («&#xa0;#…&#xa0;»), ce qu&apos;un point de terminaison ne peut pas avoir.</translation>
    </message>
    <message>
        <source>“%1” uses plain http to %2, which is not this computer: credentials and prompts would travel unencrypted.</source>
        <translation>«&#xa0;%1&#xa0;» utilise http en clair vers %2, qui n&apos;est pas cet ordinateur&#xa0;: les informations d&apos;identification et les prompts circuleraient sans chiffrement.</translation>
    </message>
    <message>
        <source>Use https://. Plain http:// is only for a local emulator on 127.0.0.1, ::1 or localhost.</source>
        <translation>Utilisez https://. Le http:// en clair est réservé à un émulateur local sur 127.0.0.1, ::1 ou localhost.</translation>
    </message>
    <message>
        <source>“%1” has “.” or “..” in its path.</source>
        <translation>«&#xa0;%1&#xa0;» contient «&#xa0;.&#xa0;» ou «&#xa0;..&#xa0;» dans son chemin.</translation>
    </message>
    <message>
        <source>Write the path prefix out in full, such as https://gateway.example.com/mantle.</source>
        <translation>Écrivez le préfixe de chemin en entier, comme https://gateway.example.com/mantle.</translation>
    </message>
    <message>
        <source>“%1” already ends with the route “%2”, which is added to every request.</source>
        <translation>«&#xa0;%1&#xa0;» se termine déjà par la route «&#xa0;%2&#xa0;», qui est ajoutée à chaque requête.</translation>
    </message>
    <message>
        <source>Give the root URL without it: %1</source>
        <translation>Indiquez l&apos;URL racine sans elle&#xa0;: %1</translation>
    </message>
    <message>
        <source>No region is set.</source>
        <translation>Aucune région n&apos;est définie.</translation>
    </message>
    <message>
        <source>Choose one of the regions that serve Bedrock Mantle: %1.</source>
        <translation>Choisissez l&apos;une des régions qui servent Bedrock Mantle&#xa0;: %1.</translation>
    </message>
    <message>
        <source>The region “%1” does not serve Bedrock Mantle.</source>
        <translation>La région «&#xa0;%1&#xa0;» ne dessert pas Bedrock Mantle.</translation>
    </message>
    <message>
        <source>“%1” is not an AWS region code.</source>
        <translation>«&#xa0;%1&#xa0;» n&apos;est pas un code de région AWS.</translation>
    </message>
    <message>
        <source>Use one of the regions that serve Bedrock Mantle: %1.</source>
        <translation>Utilisez l&apos;une des régions qui servent Bedrock Mantle&#xa0;: %1.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelCatalogue</name>
    <message>
        <source>The model catalogue is not a JSON object: %1</source>
        <translation>Le catalogue de modèles n&apos;est pas un objet JSON&#xa0;: %1</translation>
    </message>
    <message>
        <source>The model catalogue has no &quot;models&quot; list.</source>
        <translation>Le catalogue de modèles n&apos;a pas de liste &quot;models&quot;.</translation>
    </message>
    <message>
        <source>The model catalogue lists %1 twice.</source>
        <translation>Le catalogue de modèles liste %1 deux fois.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelInfo</name>
    <message>
        <source>The surfaces must be a list of names such as &quot;chat&quot;.</source>
        <translation>Les surfaces doivent être une liste de noms tels que &quot;chat&quot;.</translation>
    </message>
    <message>
        <source>Unknown API surface &quot;%1&quot;; known are: %2.</source>
        <translation>Surface d&apos;API &quot;%1&quot; inconnue&#xa0;; surfaces connues&#xa0;: %2.</translation>
    </message>
    <message>
        <source>A model entry has no id.</source>
        <translation>Une entrée de modèle n&apos;a pas d&apos;ID.</translation>
    </message>
    <message>
        <source>The context size of %1 must be a whole number of tokens.</source>
        <translation>La taille de contexte de %1 doit être un nombre entier de jetons.</translation>
    </message>
    <message>
        <source>Model %1: %2</source>
        <translation>Modèle %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>The prices of %1 must be an object or null.</source>
        <translation>Les prix de %1 doivent être un objet ou null.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelList</name>
    <message>
        <source>The model list answer is not an OpenAI-style list of models.</source>
        <translation>La réponse de la liste des modèles n&apos;est pas une liste de modèles au format OpenAI.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelPrices</name>
    <message>
        <source>The price &quot;%1&quot; must be a number of zero or more.</source>
        <translation>Le prix &quot;%1&quot; doit être un nombre supérieur ou égal à zéro.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelSettings</name>
    <message>
        <source>A model setting has no valid model id (&quot;%1&quot;).</source>
        <translation>Un paramètre de modèle n&apos;a pas d&apos;ID de modèle valide (&quot;%1&quot;).</translation>
    </message>
    <message>
        <source>Model %1: %2 is not a Mantle region; Mantle serves %3.</source>
        <translation>Modèle %1&#xa0;: %2 n&apos;est pas une région Mantle&#xa0;; Mantle dessert %3.</translation>
    </message>
    <message>
        <source>Model %1: the route prefix must be &quot;v1&quot; or &quot;openai-v1&quot;.</source>
        <translation>Modèle %1&#xa0;: le préfixe de route doit être &quot;v1&quot; ou &quot;openai-v1&quot;.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a model id.</source>
        <translation>&quot;%1&quot; n&apos;est pas un ID de modèle.</translation>
    </message>
    <message>
        <source>Use the bare id that the model list shows, such as openai.gpt-oss-120b.</source>
        <translation>Utilisez l&apos;ID nu affiché dans la liste des modèles, comme openai.gpt-oss-120b.</translation>
    </message>
    <message>
        <source>The model settings list %1 twice.</source>
        <translation>Les paramètres de modèle listent %1 deux fois.</translation>
    </message>
    <message>
        <source>The model picker&apos;s list is not a list of model ids.</source>
        <translation>La liste du sélecteur de modèle n&apos;est pas une liste d&apos;ID de modèle.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::RouteResolver</name>
    <message>
        <source>No model is chosen for the %1 request.</source>
        <translation>Aucun modèle n&apos;est choisi pour la requête %1.</translation>
    </message>
    <message>
        <source>Choose one of the models the region serves.</source>
        <translation>Choisissez l&apos;un des modèles que sert la région.</translation>
    </message>
    <message>
        <source>“%1” is not a valid resource path.</source>
        <translation>«&#xa0;%1&#xa0;» n&apos;est pas un chemin de ressource valide.</translation>
    </message>
    <message>
        <source>Give non-empty path segments such as responses/resp_123/cancel, with anything but letters, digits and -._~ percent-encoded.</source>
        <translation>Indiquez des segments de chemin non vides comme responses/resp_123/cancel, en encodant en pourcentage tout ce qui n&apos;est pas lettre, chiffre ou -._~.</translation>
    </message>
</context>
<context>
    <name>mantle::net::HttpCall</name>
    <message>
        <source>The request to %1 was cancelled.</source>
        <translation>La requête vers %1 a été annulée.</translation>
    </message>
    <message>
        <source>There are no AWS credentials to sign the request to %1 with.</source>
        <translation>Aucune information d&apos;identification AWS pour signer la requête vers %1.</translation>
    </message>
    <message>
        <source>Choose an account with AWS credentials, or use an API key.</source>
        <translation>Choisissez un compte avec des informations d&apos;identification AWS, ou utilisez une clé d&apos;API.</translation>
    </message>
    <message>
        <source>Check the network connection and the proxy settings, then try again.</source>
        <translation>Vérifiez la connexion réseau et les paramètres de proxy, puis réessayez.</translation>
    </message>
    <message>
        <source>Could not connect to %1: the connection was refused.</source>
        <translation>Impossible de se connecter à %1&#xa0;: la connexion a été refusée.</translation>
    </message>
    <message>
        <source>Check the endpoint URL and that nothing (a firewall, a proxy) blocks it.</source>
        <translation>Vérifiez l&apos;URL du point de terminaison et que rien (pare-feu, proxy) ne la bloque.</translation>
    </message>
    <message>
        <source>Could not find the host %1.</source>
        <translation>Impossible de trouver l&apos;hôte %1.</translation>
    </message>
    <message>
        <source>Check the region or endpoint, the network connection and the DNS or proxy settings.</source>
        <translation>Vérifiez la région ou le point de terminaison, la connexion réseau et les paramètres DNS ou de proxy.</translation>
    </message>
    <message>
        <source>The connection to %1 was closed before the answer was complete.</source>
        <translation>La connexion à %1 a été fermée avant la fin de la réponse.</translation>
    </message>
    <message>
        <source>The secure connection to %1 failed: %2</source>
        <translation>La connexion sécurisée à %1 a échoué&#xa0;: %2</translation>
    </message>
    <message>
        <source>A proxy that inspects TLS may be in the way, or the system&apos;s certificates may be out of date.</source>
        <translation>Un proxy qui inspecte le trafic TLS fait peut-être obstacle, ou les certificats du système sont peut-être obsolètes.</translation>
    </message>
    <message>
        <source>Could not reach %1: %2</source>
        <translation>Impossible de joindre %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Could not connect to %1 within %2 seconds.</source>
        <translation>Impossible de se connecter à %1 en %2 secondes.</translation>
    </message>
    <message>
        <source>%1 sent nothing for %2 seconds, so the request was stopped.</source>
        <translation>%1 n&apos;a rien envoyé pendant %2 secondes&#xa0;: la requête a donc été arrêtée.</translation>
    </message>
</context>
<context>
    <name>mantle::net::SseParser</name>
    <message>
        <source>Server-sent events come in short lines. Check that the endpoint is the one you meant and that no proxy in between changes the answer.</source>
        <translation>Les événements envoyés par le serveur arrivent en lignes courtes. Vérifiez que le point de terminaison est bien celui voulu et qu&apos;aucun proxy intermédiaire ne modifie la réponse.</translation>
    </message>
    <message>
        <source>The event stream sent a line longer than %1 and was stopped.</source>
        <translation>Le flux d&apos;événements a envoyé une ligne de plus de %1 et a été arrêté.</translation>
    </message>
    <message>
        <source>The event stream sent an event larger than %1 and was stopped.</source>
        <translation>Le flux d&apos;événements a envoyé un événement de plus de %1 et a été arrêté.</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::BackgroundPoller</name>
    <message>
        <source>Stopped following the background response %1; it goes on running on the server.</source>
        <translation>Suivi de la réponse en arrière-plan %1 arrêté&#xa0;; elle continue de s&apos;exécuter sur le serveur.</translation>
    </message>
    <message>
        <source>The background response %1 was still “%2” after %3 seconds.</source>
        <translation>La réponse en arrière-plan %1 était toujours «&#xa0;%2&#xa0;» après %3 secondes.</translation>
    </message>
    <message>
        <source>It goes on running on the server: look it up later with its id.</source>
        <translation>Elle continue de s&apos;exécuter sur le serveur&#xa0;: consultez-la plus tard grâce à son ID.</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::MantleCall</name>
    <message>
        <source>The request was cancelled.</source>
        <translation>La requête a été annulée.</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::RequestRecord</name>
    <message>
        <source>a [name, value] pair</source>
        <translation>une paire [nom, valeur]</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::RouteMemory</name>
    <message>
        <source>Could not read the learned routes in %1: %2</source>
        <translation>Impossible de lire les routes mémorisées dans %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>The learned routes in %1 are not valid JSON.</source>
        <translation>Les routes mémorisées dans %1 ne sont pas du JSON valide.</translation>
    </message>
    <message>
        <source>Delete the file; routes are learned again as needed.</source>
        <translation>Supprimez le fichier&#xa0;; les routes seront de nouveau mémorisées au besoin.</translation>
    </message>
    <message>
        <source>Could not save the learned routes to %1: %2</source>
        <translation>Impossible d&apos;enregistrer les routes mémorisées dans %1&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::StoredResponseCall</name>
    <message>
        <source>The server did not confirm that the response %1 was deleted.</source>
        <translation>Le serveur n&apos;a pas confirmé la suppression de la réponse %1.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Annulé.</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::TokenCounter</name>
    <message>
        <source>Tokens are counted for Messages requests only, not for %1.</source>
        <translation>Les jetons ne sont comptés que pour les requêtes Messages, pas pour %1.</translation>
    </message>
    <message>
        <source>The count tokens answer has no input_tokens.</source>
        <translation>La réponse du comptage de jetons ne contient pas input_tokens.</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::TurnCall</name>
    <message>
        <source>The %1 API takes no request body.</source>
        <translation>L&apos;API %1 ne prend pas de corps de requête.</translation>
    </message>
    <message>
        <source>The %1 API does not answer with a turn.</source>
        <translation>L&apos;API %1 ne répond pas par un tour.</translation>
    </message>
    <message>
        <source>The request was cancelled.</source>
        <translation>La requête a été annulée.</translation>
    </message>
    <message>
        <source>The stream from %1 ended before the answer was complete: its final event never came.</source>
        <translation>Le flux de %1 s&apos;est terminé avant que la réponse soit complète&#xa0;: son événement final n&apos;est jamais arrivé.</translation>
    </message>
    <message>
        <source>What arrived is kept; try the request again.</source>
        <translation>Ce qui est arrivé est conservé&#xa0;; réessayez la requête.</translation>
    </message>
</context>
<context>
    <name>mantle::schema::SchemaValidator</name>
    <message>
        <source>an integer</source>
        <translation>un entier</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>un nombre</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>une chaîne</translation>
    </message>
    <message>
        <source>a boolean</source>
        <translation>un booléen</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>an array</source>
        <translation>un tableau</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>un objet</translation>
    </message>
    <message>
        <source>&quot;%1&quot;</source>
        <translation>&quot;%1&quot;</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>rien</translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <translation>%1 ou %2</translation>
    </message>
    <message>
        <source>%1 is not allowed here</source>
        <translation>%1 n&apos;est pas autorisé ici</translation>
    </message>
    <message>
        <source>expected %1, got %2</source>
        <translation>%1 attendu, %2 obtenu</translation>
    </message>
    <message>
        <source>the required property &quot;%1&quot; is missing</source>
        <translation>la propriété obligatoire &quot;%1&quot; est absente</translation>
    </message>
    <message>
        <source>the property &quot;%1&quot; is not allowed (additionalProperties)</source>
        <translation>la propriété &quot;%1&quot; n&apos;est pas autorisée (additionalProperties)</translation>
    </message>
    <message>
        <source>%1 is not one of the allowed values %2</source>
        <translation>%1 ne fait pas partie des valeurs autorisées %2</translation>
    </message>
    <message>
        <source>%1 is not one of the allowed values</source>
        <translation>%1 ne fait pas partie des valeurs autorisées</translation>
    </message>
    <message>
        <source>%1 is not the expected value</source>
        <translation>%1 n&apos;est pas la valeur attendue</translation>
    </message>
    <message>
        <source>%1 is above the maximum %2</source>
        <translation>%1 dépasse le maximum %2</translation>
    </message>
    <message>
        <source>%1 must be less than %2</source>
        <translation>%1 doit être inférieur à %2</translation>
    </message>
    <message>
        <source>%1 is below the minimum %2</source>
        <translation>%1 est inférieur au minimum %2</translation>
    </message>
    <message>
        <source>%1 must be greater than %2</source>
        <translation>%1 doit être supérieur à %2</translation>
    </message>
    <message>
        <source>%1 is not a multiple of %2</source>
        <translation>%1 n&apos;est pas un multiple de %2</translation>
    </message>
    <message>
        <source>has %1 items, at most %2 allowed</source>
        <translation>contient %1 éléments, %2 au plus autorisés</translation>
    </message>
    <message>
        <source>has %1 items, at least %2 needed</source>
        <translation>contient %1 éléments, %2 au moins requis</translation>
    </message>
    <message>
        <source>the text is longer than %1 characters</source>
        <translation>le texte dépasse %1 caractères</translation>
    </message>
    <message>
        <source>the text is shorter than %1 characters</source>
        <translation>le texte fait moins de %1 caractères</translation>
    </message>
    <message>
        <source>has more than %1 properties</source>
        <translation>a plus de %1 propriétés</translation>
    </message>
    <message>
        <source>has fewer than %1 properties</source>
        <translation>a moins de %1 propriétés</translation>
    </message>
    <message>
        <source>%1 does not match the pattern %2</source>
        <translation>%1 ne correspond pas au motif %2</translation>
    </message>
    <message>
        <source>%1 does not match the pattern</source>
        <translation>%1 ne correspond pas au motif</translation>
    </message>
    <message>
        <source>items %1 and %2 are equal, but the items must be unique</source>
        <translation>les éléments %1 et %2 sont égaux, mais les éléments doivent être uniques</translation>
    </message>
    <message>
        <source>the property &quot;%1&quot; is missing (dependencies)</source>
        <translation>la propriété &quot;%1&quot; est absente (dependencies)</translation>
    </message>
    <message>
        <source>matches none of the schemas in anyOf</source>
        <translation>ne correspond à aucun des schémas de anyOf</translation>
    </message>
    <message>
        <source>matches none of the schemas in oneOf</source>
        <translation>ne correspond à aucun des schémas de oneOf</translation>
    </message>
    <message>
        <source>matches more than one of the schemas in oneOf</source>
        <translation>correspond à plusieurs schémas de oneOf</translation>
    </message>
    <message>
        <source>matches the schema in &quot;not&quot;</source>
        <translation>correspond au schéma de &quot;not&quot;</translation>
    </message>
    <message>
        <source>does not satisfy the if/then/else condition</source>
        <translation>ne satisfait pas la condition if/then/else</translation>
    </message>
    <message>
        <source>has more items than the schema allows</source>
        <translation>contient plus d&apos;éléments que le schéma n&apos;en autorise</translation>
    </message>
    <message>
        <source>has no item that matches &quot;contains&quot;</source>
        <translation>ne contient aucun élément correspondant à &quot;contains&quot;</translation>
    </message>
    <message>
        <source>%1 is not a valid %2</source>
        <translation>%1 n&apos;est pas un %2 valide</translation>
    </message>
    <message>
        <source>is not allowed by the schema</source>
        <translation>n&apos;est pas autorisé par le schéma</translation>
    </message>
    <message>
        <source>does not match its schema</source>
        <translation>ne correspond pas à son schéma</translation>
    </message>
    <message>
        <source>does not match the schema</source>
        <translation>ne correspond pas au schéma</translation>
    </message>
    <message>
        <source>A schema is a JSON object (or true or false), not %1.</source>
        <translation>Un schéma est un objet JSON (ou true ou false), pas %1.</translation>
    </message>
    <message>
        <source>The schema refers to another document; only local references (&quot;#/...&quot;) are supported.</source>
        <translation>Le schéma fait référence à un autre document&#xa0;; seules les références locales (&quot;#/...&quot;) sont prises en charge.</translation>
    </message>
    <message>
        <source>The schema is not valid: %1</source>
        <translation>Le schéma n&apos;est pas valide&#xa0;: %1</translation>
    </message>
    <message>
        <source>The schema is not valid.</source>
        <translation>Le schéma n&apos;est pas valide.</translation>
    </message>
    <message>
        <source>there is no valid schema to check against</source>
        <translation>aucun schéma valide pour la vérification</translation>
    </message>
    <message>
        <source>the value could not be checked: %1</source>
        <translation>la valeur n&apos;a pas pu être vérifiée&#xa0;: %1</translation>
    </message>
    <message>
        <source>the value could not be checked</source>
        <translation>la valeur n&apos;a pas pu être vérifiée</translation>
    </message>
    <message>
        <source>the schema allows no value here</source>
        <translation>le schéma n&apos;autorise aucune valeur ici</translation>
    </message>
</context>
<context>
    <name>mantle::schema::SchemaViolation</name>
    <message>
        <source>(root)</source>
        <translation>(racine)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>mantle::schema::StrictModeCheck</name>
    <message>
        <source>The root of the schema must be an object, not &quot;anyOf&quot;: make the root an object and put the alternatives in one of its properties.</source>
        <translation>La racine du schéma doit être un objet, pas &quot;anyOf&quot;&#xa0;: faites de la racine un objet et placez les alternatives dans l&apos;une de ses propriétés.</translation>
    </message>
    <message>
        <source>The root of the schema must be an object (&quot;type&quot;: &quot;object&quot;).</source>
        <translation>La racine du schéma doit être un objet (&quot;type&quot;: &quot;object&quot;).</translation>
    </message>
    <message>
        <source>The root of the schema must say &quot;type&quot;: &quot;object&quot;.</source>
        <translation>La racine du schéma doit indiquer &quot;type&quot;: &quot;object&quot;.</translation>
    </message>
    <message>
        <source>Strict mode does not take true or false as a schema: write the schema out (with a &quot;type&quot;).</source>
        <translation>Le mode strict n&apos;accepte pas true ou false comme schéma&#xa0;: écrivez le schéma en entier (avec un &quot;type&quot;).</translation>
    </message>
    <message>
        <source>Strict mode does not take a list of schemas in &quot;items&quot; (a tuple): give one schema that every item follows.</source>
        <translation>Le mode strict n&apos;accepte pas de liste de schémas dans &quot;items&quot; (un tuple)&#xa0;: donnez un seul schéma que chaque élément respecte.</translation>
    </message>
    <message>
        <source>Put &quot;%1&quot; at the root of the schema; strict mode does not read definitions further in.</source>
        <translation>Placez &quot;%1&quot; à la racine du schéma&#xa0;; le mode strict ne lit pas les définitions plus profondes.</translation>
    </message>
    <message>
        <source>The format &quot;%1&quot; is not supported in strict mode (supported: date-time, time, date, duration, email, hostname, ipv4, ipv6, uuid).</source>
        <translation>Le format &quot;%1&quot; n&apos;est pas pris en charge en mode strict (formats pris en charge&#xa0;: date-time, time, date, duration, email, hostname, ipv4, ipv6, uuid).</translation>
    </message>
    <message>
        <source>Strict mode only follows references within the schema (&quot;#/$defs/...&quot;), not &quot;%1&quot;.</source>
        <translation>Le mode strict ne suit que les références internes au schéma (&quot;#/$defs/...&quot;), pas &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Strict mode does not support &quot;oneOf&quot;; merge it with the &quot;anyOf&quot; next to it by hand.</source>
        <translation>Le mode strict ne prend pas en charge &quot;oneOf&quot;&#xa0;; fusionnez-le manuellement avec le &quot;anyOf&quot; voisin.</translation>
    </message>
    <message>
        <source>Strict mode does not support &quot;oneOf&quot;; &quot;anyOf&quot; is the alternative it takes.</source>
        <translation>Le mode strict ne prend pas en charge &quot;oneOf&quot;&#xa0;; il accepte &quot;anyOf&quot; à la place.</translation>
    </message>
    <message>
        <source>Strict mode does not support &quot;allOf&quot;: merge its schemas into one by hand.</source>
        <translation>Le mode strict ne prend pas en charge &quot;allOf&quot;&#xa0;: fusionnez manuellement ses schémas en un seul.</translation>
    </message>
    <message>
        <source>Strict mode does not support the keyword &quot;%1&quot;: the request would be refused. Removing it loosens the schema; answers are still checked against it here.</source>
        <translation>Le mode strict ne prend pas en charge le mot-clé &quot;%1&quot;&#xa0;: la requête serait refusée. Le supprimer assouplit le schéma&#xa0;; les réponses restent vérifiées ici par rapport à celui-ci.</translation>
    </message>
    <message>
        <source>Strict mode needs a &quot;type&quot; here (or &quot;anyOf&quot;, &quot;enum&quot;, &quot;const&quot; or &quot;$ref&quot;): a schema that allows anything is not supported.</source>
        <translation>Le mode strict exige ici un &quot;type&quot; (ou &quot;anyOf&quot;, &quot;enum&quot;, &quot;const&quot; ou &quot;$ref&quot;)&#xa0;: un schéma qui accepte tout n&apos;est pas pris en charge.</translation>
    </message>
    <message>
        <source>&quot;type&quot; must be a type name or a list of them.</source>
        <translation>&quot;type&quot; doit être un nom de type ou une liste de noms de type.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a type strict mode supports (string, number, integer, boolean, object, array, null).</source>
        <translation>&quot;%1&quot; n&apos;est pas un type pris en charge par le mode strict (string, number, integer, boolean, object, array, null).</translation>
    </message>
    <message>
        <source>This schema has properties but no &quot;type&quot;: strict mode needs &quot;type&quot;: &quot;object&quot;.</source>
        <translation>Ce schéma a des propriétés mais pas de &quot;type&quot;&#xa0;: le mode strict exige &quot;type&quot;: &quot;object&quot;.</translation>
    </message>
    <message>
        <source>Objects are nested %1 levels deep here; strict mode allows at most %2.</source>
        <translation>Les objets sont imbriqués sur %1 niveaux ici&#xa0;; le mode strict en autorise %2 au plus.</translation>
    </message>
    <message>
        <source>Strict mode needs &quot;additionalProperties&quot;: false on every object, so that the answer has exactly the properties listed.</source>
        <translation>Le mode strict exige &quot;additionalProperties&quot;: false sur chaque objet, pour que la réponse ait exactement les propriétés listées.</translation>
    </message>
    <message>
        <source>Strict mode needs every property in &quot;required&quot;; &quot;%1&quot; is not. An optional property is written as required and nullable (its type allows null).</source>
        <translation>Le mode strict exige que chaque propriété figure dans &quot;required&quot;&#xa0;; ce n&apos;est pas le cas de &quot;%1&quot;. Une propriété facultative s&apos;écrit obligatoire et nullable (son type autorise null).</translation>
    </message>
    <message>
        <source>This enum has %1 values of %2 characters in all; with more than %3 values strict mode allows at most %4 characters.</source>
        <translation>Cette énumération a %1 valeurs totalisant %2 caractères&#xa0;; au-delà de %3 valeurs, le mode strict autorise %4 caractères au plus.</translation>
    </message>
    <message>
        <source>The schema has %1 object properties; strict mode allows at most %2.</source>
        <translation>Le schéma a %1 propriétés d&apos;objet&#xa0;; le mode strict en autorise %2 au plus.</translation>
    </message>
    <message>
        <source>The schema has %1 enum values; strict mode allows at most %2.</source>
        <translation>Le schéma a %1 valeurs d&apos;énumération&#xa0;; le mode strict en autorise %2 au plus.</translation>
    </message>
    <message>
        <source>Property names, definition names, enum and const values come to %1 characters; strict mode allows at most %2.</source>
        <translation>Les noms de propriété, les noms de définition et les valeurs enum et const totalisent %1 caractères&#xa0;; le mode strict en autorise %2 au plus.</translation>
    </message>
</context>
<context>
    <name>mantle::schema::StrictModeFinding</name>
    <message>
        <source>Set &quot;additionalProperties&quot; to false</source>
        <translation>Définir &quot;additionalProperties&quot; sur false</translation>
    </message>
    <message>
        <source>Add &quot;%1&quot; to &quot;required&quot; and allow null for it</source>
        <translation>Ajouter &quot;%1&quot; à &quot;required&quot; et l&apos;autoriser à être null</translation>
    </message>
    <message>
        <source>Remove &quot;%1&quot;</source>
        <translation>Supprimer &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Replace &quot;oneOf&quot; with &quot;anyOf&quot;</source>
        <translation>Remplacer &quot;oneOf&quot; par &quot;anyOf&quot;</translation>
    </message>
    <message>
        <source>Add &quot;type&quot;: &quot;object&quot;</source>
        <translation>Ajouter &quot;type&quot;: &quot;object&quot;</translation>
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
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistant</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>Prompt système</translation>
    </message>
    <message>
        <source>New session</source>
        <translation>Nouvelle session</translation>
    </message>
    <message>
        <source>This is not a Mantle Playground session: the field &quot;%1&quot; is not &quot;%2&quot;.</source>
        <translation>Ce n&apos;est pas une session Mantle Playground&#xa0;: le champ &quot;%1&quot; ne vaut pas &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is invalid: expected a whole number.</source>
        <translation>Le champ &quot;%1&quot; n&apos;est pas valide&#xa0;: nombre entier attendu.</translation>
    </message>
    <message>
        <source>This session was written by a newer version of the app (session format %1; this version reads up to %2), so it is left untouched.</source>
        <translation>Cette session a été écrite par une version plus récente de l&apos;application (format de session %1&#xa0;; cette version lit jusqu&apos;au format %2)&#xa0;: elle n&apos;est donc pas modifiée.</translation>
    </message>
    <message>
        <source>Update Mantle Playground to open it.</source>
        <translation>Mettez à jour Mantle Playground pour l&apos;ouvrir.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is invalid: expected a session id (letters, digits and &apos;-&apos;).</source>
        <translation>Le champ &quot;%1&quot; n&apos;est pas valide&#xa0;: ID de session attendu (lettres, chiffres et &apos;-&apos;).</translation>
    </message>
    <message>
        <source>Untitled session</source>
        <translation>Session sans titre</translation>
    </message>
    <message>
        <source>API: %1</source>
        <translation>API&#xa0;: %1</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modèle&#xa0;: %1</translation>
    </message>
    <message>
        <source>Region: %1</source>
        <translation>Région&#xa0;: %1</translation>
    </message>
    <message>
        <source>Tool call `%1` (id `%2`):</source>
        <translation>Appel d&apos;outil `%1` (ID `%2`)&#xa0;:</translation>
    </message>
    <message>
        <source>The answer failed: %1</source>
        <translation>La réponse a échoué&#xa0;: %1</translation>
    </message>
    <message>
        <source>Stopped before the answer was complete.</source>
        <translation>Arrêté avant la fin de la réponse.</translation>
    </message>
    <message>
        <source>Tool result</source>
        <translation>Résultat d&apos;outil</translation>
    </message>
    <message>
        <source>For the tool call `%1`:</source>
        <translation>Pour l&apos;appel d&apos;outil `%1`&#xa0;:</translation>
    </message>
    <message>
        <source>The tool reported an error.</source>
        <translation>L&apos;outil a signalé une erreur.</translation>
    </message>
    <message>
        <source>The Markdown file has no conversation in it.</source>
        <translation>Le fichier Markdown ne contient aucune conversation.</translation>
    </message>
    <message>
        <source>Give each turn a heading: “## User” or “## Assistant”.</source>
        <translation>Donnez un titre à chaque tour&#xa0;: «&#xa0;## User&#xa0;» ou «&#xa0;## Assistant&#xa0;».</translation>
    </message>
    <message>
        <source>%1 (fork)</source>
        <translation>%1 (bifurcation)</translation>
    </message>
</context>
<context>
    <name>mantle::sessions::SessionStore</name>
    <message>
        <source>&quot;%1&quot; is not a session id.</source>
        <translation>&quot;%1&quot; n&apos;est pas un ID de session.</translation>
    </message>
    <message>
        <source>Cannot open the session file &quot;%1&quot;: %2.</source>
        <translation>Impossible d&apos;ouvrir le fichier de session &quot;%1&quot;&#xa0;: %2.</translation>
    </message>
    <message>
        <source>%1 at byte %2</source>
        <translation>%1 à l&apos;octet %2</translation>
    </message>
    <message>
        <source>it is not a JSON object</source>
        <translation>ce n&apos;est pas un objet JSON</translation>
    </message>
    <message>
        <source>The session file &quot;%1&quot; is not valid JSON: %2.</source>
        <translation>Le fichier de session &quot;%1&quot; n&apos;est pas du JSON valide&#xa0;: %2.</translation>
    </message>
    <message>
        <source>The session file &quot;%1&quot; cannot be used: %2</source>
        <translation>Le fichier de session &quot;%1&quot; est inutilisable&#xa0;: %2</translation>
    </message>
    <message>
        <source>Cannot write the file &quot;%1&quot;: %2.</source>
        <translation>Impossible d&apos;écrire le fichier &quot;%1&quot;&#xa0;: %2.</translation>
    </message>
    <message>
        <source>Check that the folder exists, is writable and has free space.</source>
        <translation>Vérifiez que le dossier existe, est accessible en écriture et dispose d&apos;espace libre.</translation>
    </message>
    <message>
        <source>Cannot create the sessions folder &quot;%1&quot;.</source>
        <translation>Impossible de créer le dossier des sessions &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>It is not overwritten.</source>
        <translation>Il n&apos;est pas écrasé.</translation>
    </message>
    <message>
        <source>The session file &quot;%1&quot; does not exist.</source>
        <translation>Le fichier de session &quot;%1&quot; n&apos;existe pas.</translation>
    </message>
    <message>
        <source>It is not deleted.</source>
        <translation>Il n&apos;est pas supprimé.</translation>
    </message>
    <message>
        <source>Move or delete the file yourself if you no longer need it.</source>
        <translation>Déplacez ou supprimez vous-même le fichier si vous n&apos;en avez plus besoin.</translation>
    </message>
    <message>
        <source>Cannot delete the session file &quot;%1&quot;: %2.</source>
        <translation>Impossible de supprimer le fichier de session &quot;%1&quot;&#xa0;: %2.</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1 (copie)</translation>
    </message>
    <message>
        <source>Cannot read &quot;%1&quot;: %2.</source>
        <translation>Impossible de lire &quot;%1&quot;&#xa0;: %2.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::AboutDialog</name>
    <message>
        <source>About Mantle Playground</source>
        <translation>À propos de Mantle Playground</translation>
    </message>
    <message>
        <source>Mantle Playground %1</source>
        <translation>Mantle Playground %1</translation>
    </message>
    <message>
        <source>A desktop playground for Amazon Bedrock Mantle.</source>
        <translation>Un playground de bureau pour Amazon Bedrock Mantle.</translation>
    </message>
    <message>
        <source>Qt %1 (built with Qt %2)</source>
        <translation>Qt %1 (compilé avec Qt %2)</translation>
    </message>
    <message>
        <source>%1 (built with %2)</source>
        <translation>%1 (compilé avec %2)</translation>
    </message>
    <message>
        <source>Licences:</source>
        <translation>Licences&#xa0;:</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1&#xa0;: %2 (%3)</translation>
    </message>
    <message>
        <source>The licence of Mantle Playground:</source>
        <translation>La licence de Mantle Playground&#xa0;:</translation>
    </message>
    <message>
        <source>&lt;b&gt;Mantle Playground&lt;/b&gt;&lt;br&gt;Version %1</source>
        <translation>&lt;b&gt;Mantle Playground&lt;/b&gt;&lt;br&gt;Version %1</translation>
    </message>
</context>
<context>
    <name>mantle::ui::AccountEditor</name>
    <message>
        <source>Add Account</source>
        <translation>Ajouter un compte</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Région</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>&amp;Région&#xa0;:</translation>
    </message>
    <message>
        <source>Authentication method</source>
        <translation>Méthode d&apos;authentification</translation>
    </message>
    <message>
        <source>Access key</source>
        <translation>Clé d&apos;accès</translation>
    </message>
    <message>
        <source>Assumed role</source>
        <translation>Rôle assumé</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Clé d&apos;API</translation>
    </message>
    <message>
        <source>&amp;Authentication:</source>
        <translation>&amp;Authentification&#xa0;:</translation>
    </message>
    <message>
        <source>Access key ID</source>
        <translation>ID de clé d&apos;accès</translation>
    </message>
    <message>
        <source>Access key &amp;ID:</source>
        <translation>&amp;ID de clé d&apos;accès&#xa0;:</translation>
    </message>
    <message>
        <source>Secret access key</source>
        <translation>Clé d&apos;accès secrète</translation>
    </message>
    <message>
        <source>&amp;Secret access key:</source>
        <translation>Clé d&apos;accès &amp;secrète&#xa0;:</translation>
    </message>
    <message>
        <source>Session token</source>
        <translation>Jeton de session</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Facultatif</translation>
    </message>
    <message>
        <source>Session &amp;token:</source>
        <translation>&amp;Jeton de session&#xa0;:</translation>
    </message>
    <message>
        <source>Role ARN</source>
        <translation>ARN du rôle</translation>
    </message>
    <message>
        <source>Role &amp;ARN:</source>
        <translation>&amp;ARN du rôle&#xa0;:</translation>
    </message>
    <message>
        <source>External ID</source>
        <translation>ID externe</translation>
    </message>
    <message>
        <source>E&amp;xternal ID:</source>
        <translation>ID e&amp;xterne&#xa0;:</translation>
    </message>
    <message>
        <source>Session name</source>
        <translation>Nom de session</translation>
    </message>
    <message>
        <source>Session na&amp;me:</source>
        <translation>No&amp;m de session&#xa0;:</translation>
    </message>
    <message>
        <source>Session duration in seconds</source>
        <translation>Durée de la session en secondes</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>&amp;Duration:</source>
        <translation>&amp;Durée&#xa0;:</translation>
    </message>
    <message>
        <source>Source of the credentials</source>
        <translation>Source des informations d&apos;identification</translation>
    </message>
    <message>
        <source>Another account&apos;s keys</source>
        <translation>Les clés d&apos;un autre compte</translation>
    </message>
    <message>
        <source>An AWS profile</source>
        <translation>Un profil AWS</translation>
    </message>
    <message>
        <source>Credentials &amp;from:</source>
        <translation>Identifiants &amp;via&#xa0;:</translation>
    </message>
    <message>
        <source>Source account</source>
        <translation>Compte source</translation>
    </message>
    <message>
        <source>Source a&amp;ccount:</source>
        <translation>Compte so&amp;urce&#xa0;:</translation>
    </message>
    <message>
        <source>AWS profile</source>
        <translation>Profil AWS</translation>
    </message>
    <message>
        <source>AWS &amp;profile:</source>
        <translation>&amp;Profil AWS&#xa0;:</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>&amp;Clé d&apos;API&#xa0;:</translation>
    </message>
    <message>
        <source>Endpoint override</source>
        <translation>Point de terminaison personnalisé</translation>
    </message>
    <message>
        <source>Optional: the region&apos;s Mantle endpoint</source>
        <translation>Facultatif&#xa0;: le point de terminaison Mantle de la région</translation>
    </message>
    <message>
        <source>&amp;Endpoint:</source>
        <translation>Point de &amp;terminaison&#xa0;:</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>N&amp;otes:</source>
        <translation>N&amp;otes&#xa0;:</translation>
    </message>
    <message>
        <source>Edit Account</source>
        <translation>Modifier le compte</translation>
    </message>
    <message>
        <source>To change the authentication method, remove the account and add it again.</source>
        <translation>Pour changer de méthode d&apos;authentification, supprimez le compte, puis ajoutez-le à nouveau.</translation>
    </message>
    <message>
        <source>Unchanged (stored in the keychain)</source>
        <translation>Inchangé (stocké dans le trousseau)</translation>
    </message>
    <message>
        <source>There is already an account “%1”.</source>
        <translation>Il existe déjà un compte «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>The secret access key</source>
        <translation>La clé d&apos;accès secrète</translation>
    </message>
    <message>
        <source>The session token</source>
        <translation>Le jeton de session</translation>
    </message>
    <message>
        <source>The API key</source>
        <translation>La clé d&apos;API</translation>
    </message>
    <message>
        <source>%1 is required.</source>
        <translation>%1 est obligatoire.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::AccountsDialog</name>
    <message>
        <source>Access key</source>
        <translation>Clé d&apos;accès</translation>
    </message>
    <message>
        <source>Assumed role</source>
        <translation>Rôle assumé</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Clé d&apos;API</translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation>Identifiants</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Région</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modèles</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Requête</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Comptes</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>Authentification</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Ajouter…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Modifier…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <source>&amp;Import from AWS Profile</source>
        <translation>&amp;Importer un profil AWS</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>&amp;Tester la connexion</translation>
    </message>
    <message>
        <source>Checks the selected account&apos;s credentials, region, models and one tiny request.</source>
        <translation>Vérifie les informations d&apos;identification, la région et les modèles du compte sélectionné, puis envoie une mini-requête.</translation>
    </message>
    <message>
        <source>IAM &amp;Policy…</source>
        <translation>&amp;Politique IAM…</translation>
    </message>
    <message>
        <source>Shows the least-privilege IAM policy the selected account needs, ready to copy.</source>
        <translation>Affiche la politique IAM de moindre privilège nécessaire au compte sélectionné, prête à copier.</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>Résultat du test de connexion</translation>
    </message>
    <message>
        <source>Connection test steps</source>
        <translation>Étapes du test de connexion</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Étape</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Détail</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copier</translation>
    </message>
    <message>
        <source>Broken</source>
        <translation>Endommagé</translation>
    </message>
    <message>
        <source>Remove Account</source>
        <translation>Supprimer le compte</translation>
    </message>
    <message>
        <source>Remove the account “%1” and its secrets from the keychain?</source>
        <translation>Supprimer le compte «&#xa0;%1&#xa0;» et ses secrets du trousseau&#xa0;?</translation>
    </message>
    <message>
        <source>No AWS profiles found</source>
        <translation>Aucun profil AWS trouvé</translation>
    </message>
    <message>
        <source>Imported the AWS profile as “%1”.</source>
        <translation>Profil AWS importé sous le nom «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>the IAM principal of account “%1”</source>
        <translation>le principal IAM du compte «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>the IAM principal of AWS profile “%1”</source>
        <translation>le principal IAM du profil AWS «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>Testing “%1”…</source>
        <translation>Test de «&#xa0;%1&#xa0;»…</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>Réussi</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Ignoré</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>Correctif</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Remarque</translation>
    </message>
    <message>
        <source>“%1” works.</source>
        <translation>«&#xa0;%1&#xa0;» fonctionne.</translation>
    </message>
    <message>
        <source>“%1” does not work.</source>
        <translation>«&#xa0;%1&#xa0;» ne fonctionne pas.</translation>
    </message>
    <message>
        <source>“%1” does not work: the step “%2” failed.</source>
        <translation>«&#xa0;%1&#xa0;» ne fonctionne pas&#xa0;: l&apos;étape «&#xa0;%2&#xa0;» a échoué.</translation>
    </message>
    <message>
        <source>Short-term API &amp;key…</source>
        <translation>Clé d&apos;API à &amp;court terme…</translation>
    </message>
    <message>
        <source>Makes a short-term Bedrock API key from the selected account&apos;s SigV4 credentials, to copy or to use for this session.</source>
        <translation>Crée une clé d&apos;API Bedrock à court terme à partir des informations d&apos;identification SigV4 du compte sélectionné, pour la copier ou l&apos;utiliser pendant cette session.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::AppOptions</name>
    <message>
        <source>mantle-playground: %1
Run “mantle-playground --help” for the options.</source>
        <translation>mantle-playground&#xa0;: %1
Exécutez «&#xa0;mantle-playground --help&#xa0;» pour connaître les options.</translation>
    </message>
    <message>
        <source>A desktop playground for Amazon Bedrock Mantle.</source>
        <translation>Un playground de bureau pour Amazon Bedrock Mantle.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Afficher cette aide.</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>Afficher la version.</translation>
    </message>
    <message>
        <source>Start with the demo account, served by the built-in local emulator.</source>
        <translation>Démarrer avec le compte de démo, servi par l&apos;émulateur local intégré.</translation>
    </message>
    <message>
        <source>Open the saved session FILE.</source>
        <translation>Ouvrir le fichier de session enregistré FILE.</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
    <message>
        <source>Quit (exit code 0) as soon as the main window has been painted once; for start-up benchmarks and smoke checks.</source>
        <translation>Quitter (code de sortie 0) dès que la fenêtre principale a été dessinée une fois&#xa0;; pour les mesures de démarrage et les tests de fumée.</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>argument inattendu «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>--session was given more than once; give one session file.</source>
        <translation>--session a été indiqué plusieurs fois&#xa0;; indiquez un seul fichier de session.</translation>
    </message>
    <message>
        <source>--session needs the path of a session file.</source>
        <translation>--session nécessite le chemin d&apos;un fichier de session.</translation>
    </message>
    <message>
        <source>Use this language for this run instead of the one chosen in Preferences: %1, or “system”.</source>
        <translation>Utiliser cette langue pour cette exécution au lieu de celle choisie dans les Préférences&#xa0;: %1, ou «&#xa0;system&#xa0;».</translation>
    </message>
    <message>
        <source>CODE</source>
        <translation>CODE</translation>
    </message>
    <message>
        <source>Check that the app works here (window, translations, the request pipeline against the built-in emulator), print what was checked and exit: 0 when all works, 1 when not.</source>
        <translation>Vérifier que l&apos;application fonctionne ici (fenêtre, traductions, traitement des requêtes avec l&apos;émulateur intégré), afficher ce qui a été vérifié et quitter&#xa0;: 0 si tout fonctionne, 1 sinon.</translation>
    </message>
    <message>
        <source>there is no language “%1”; choose one of %2, or “system”.</source>
        <translation>la langue «&#xa0;%1&#xa0;» n&apos;existe pas&#xa0;; choisissez parmi %2, ou «&#xa0;system&#xa0;».</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ChainView</name>
    <message>
        <source>Answer</source>
        <translation>Réponse</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Jetons</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>Stockée</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Envoyé</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Each answer follows the one it continues; a branch (a fork, or an answer continued twice) is indented under the answer it starts from.</source>
        <translation>Chaque réponse suit celle qu&apos;elle poursuit&#xa0;; une branche (une bifurcation, ou une réponse poursuivie deux fois) est indentée sous la réponse dont elle part.</translation>
    </message>
    <message>
        <source>Stored responses are kept for 30 days in the region of the request.</source>
        <translation>Les réponses stockées sont conservées 30 jours dans la région de la requête.</translation>
    </message>
    <message>
        <source>Continue from here</source>
        <translation>Poursuivre à partir d&apos;ici</translation>
    </message>
    <message>
        <source>Fork here</source>
        <translation>Bifurquer ici</translation>
    </message>
    <message>
        <source>Retrieve</source>
        <translation>Récupérer</translation>
    </message>
    <message>
        <source>Delete stored response</source>
        <translation>Supprimer la réponse stockée</translation>
    </message>
    <message>
        <source>Poll status</source>
        <translation>Interroger l&apos;état</translation>
    </message>
    <message>
        <source>Cancel background response</source>
        <translation>Annuler la réponse en arrière-plan</translation>
    </message>
    <message>
        <source>resp_…</source>
        <translation>resp_…</translation>
    </message>
    <message>
        <source>Response ID:</source>
        <translation>ID de réponse&#xa0;:</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>A retrieved response is shown here.</source>
        <translation>Une réponse récupérée s&apos;affiche ici.</translation>
    </message>
    <message>
        <source>No answers yet: the answers of saved sessions appear here.</source>
        <translation>Aucune réponse pour l&apos;instant&#xa0;: les réponses des sessions enregistrées s&apos;affichent ici.</translation>
    </message>
    <message>
        <source>Answer %1</source>
        <translation>Réponse %1</translation>
    </message>
    <message>
        <source>%1 in · %2 out</source>
        <translation>%1 entrée · %2 sortie</translation>
    </message>
    <message>
        <source>$%1</source>
        <translation>%1 $</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>supprimée</translation>
    </message>
    <message>
        <source>stored</source>
        <translation>stockée</translation>
    </message>
    <message>
        <source>local only</source>
        <translation>locale uniquement</translation>
    </message>
    <message>
        <source>Kept by Mantle in %1 under its response id.</source>
        <translation>Conservée par Mantle dans %1 sous son ID de réponse.</translation>
    </message>
    <message>
        <source>Kept only in this app&apos;s history: continuing re-sends the conversation.</source>
        <translation>Conservée uniquement dans l&apos;historique de cette application&#xa0;: la poursuivre renvoie toute la conversation.</translation>
    </message>
    <message numerus="yes">
        <source>%n new message(s) + previous response</source>
        <translation>
            <numerusform>%n nouveau message + réponse précédente</numerusform>
            <numerusform>%n nouveaux messages + réponse précédente</numerusform>
        </translation>
    </message>
    <message>
        <source>Sent with previous_response_id %1; the earlier turns stayed on the server.</source>
        <translation>Envoyée avec previous_response_id %1&#xa0;; les tours précédents sont restés sur le serveur.</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) re-sent</source>
        <translation>
            <numerusform>%n message renvoyé</numerusform>
            <numerusform>%n messages renvoyés</numerusform>
        </translation>
    </message>
    <message>
        <source>The whole conversation was sent with the request.</source>
        <translation>Toute la conversation a été envoyée avec la requête.</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>échec</translation>
    </message>
    <message>
        <source>Enter a response id (resp_…).</source>
        <translation>Saisissez un ID de réponse (resp_…).</translation>
    </message>
    <message>
        <source>Delete the stored response %1 from Mantle? Answers that continue from it can no longer be continued by its id.</source>
        <translation>Supprimer la réponse stockée %1 de Mantle&#xa0;? Les réponses qui la poursuivent ne pourront plus être poursuivies par son ID.</translation>
    </message>
    <message>
        <source>Not connected to any account.</source>
        <translation>Connecté à aucun compte.</translation>
    </message>
    <message>
        <source>Deleting %1…</source>
        <translation>Suppression de %1…</translation>
    </message>
    <message>
        <source>Retrieving %1…</source>
        <translation>Récupération de %1…</translation>
    </message>
    <message>
        <source>Deleted %1.</source>
        <translation>%1 supprimé.</translation>
    </message>
    <message>
        <source>%1 is not stored: it was deleted, has expired (after 30 days) or was made in another region or account.</source>
        <translation>%1 n&apos;est pas stockée&#xa0;: elle a été supprimée, a expiré (après 30 jours) ou a été créée dans une autre région ou un autre compte.</translation>
    </message>
    <message>
        <source>Response %1: %2</source>
        <translation>Réponse %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Following the background response %1…</source>
        <translation>Suivi de la réponse en arrière-plan %1…</translation>
    </message>
    <message>
        <source>Background response %1: %2</source>
        <translation>Réponse en arrière-plan %1&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CodeExportDialog</name>
    <message>
        <source>Export as Code</source>
        <translation>Exporter en code</translation>
    </message>
    <message>
        <source>%1 request to %2, sent to %3</source>
        <translation>Requête %1 vers %2, envoyée à %3</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langage</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copier</translation>
    </message>
    <message>
        <source>Copy the code to the clipboard</source>
        <translation>Copier le code dans le presse-papiers</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>&amp;Enregistrer…</translation>
    </message>
    <message>
        <source>Save the code to a file</source>
        <translation>Enregistrer le code dans un fichier</translation>
    </message>
    <message>
        <source>No language can express a request of this kind (%1).</source>
        <translation>Aucun langage ne peut exprimer une requête de ce type (%1).</translation>
    </message>
    <message>
        <source>This request cannot be written as %1: %2</source>
        <translation>Cette requête ne peut pas être écrite en %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Reads the Bedrock API key from the environment variable %1 when it runs.</source>
        <translation>Lit la clé d&apos;API Bedrock dans la variable d&apos;environnement %1 à l&apos;exécution.</translation>
    </message>
    <message>
        <source>Signs with SigV4 using botocore&apos;s credentials: %1, %2 and %3, or the profile named by %4.</source>
        <translation>Signe avec SigV4 à l&apos;aide des informations d&apos;identification de botocore&#xa0;: %1, %2 et %3, ou le profil indiqué par %4.</translation>
    </message>
    <message>
        <source>Signs with SigV4 (curl 7.75 or newer) using %1 and %2, and %3 for temporary credentials.</source>
        <translation>Signe avec SigV4 (curl 7.75 ou ultérieur) à l&apos;aide de %1 et %2, et de %3 pour les informations d&apos;identification temporaires.</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>Copié.</translation>
    </message>
    <message>
        <source>There is no code to save.</source>
        <translation>Il n&apos;y a aucun code à enregistrer.</translation>
    </message>
    <message>
        <source>Cannot write the file “%1”: %2.</source>
        <translation>Impossible d&apos;écrire le fichier «&#xa0;%1&#xa0;»&#xa0;: %2.</translation>
    </message>
    <message>
        <source>Saved “%1”, but could not make it executable.</source>
        <translation>«&#xa0;%1&#xa0;» enregistré, mais impossible de le rendre exécutable.</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>Enregistré dans %1.</translation>
    </message>
    <message>
        <source>Save Code</source>
        <translation>Enregistrer le code</translation>
    </message>
    <message>
        <source>Python programs (*.py)</source>
        <translation>Programmes Python (*.py)</translation>
    </message>
    <message>
        <source>JavaScript and TypeScript modules (*.mjs *.js *.ts)</source>
        <translation>Modules JavaScript et TypeScript (*.mjs *.js *.ts)</translation>
    </message>
    <message>
        <source>Shell scripts (*.sh)</source>
        <translation>Scripts shell (*.sh)</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CompareColumn</name>
    <message>
        <source>Reasoning</source>
        <translation>Raisonnement</translation>
    </message>
    <message>
        <source>Answer of %1</source>
        <translation>Réponse de %1</translation>
    </message>
    <message>
        <source>Continue with This</source>
        <translation>Poursuivre avec cette réponse</translation>
    </message>
    <message>
        <source>Open a new session with this target, the prompt and this answer</source>
        <translation>Ouvrir une nouvelle session avec cette cible, le prompt et cette réponse</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>en attente</translation>
    </message>
    <message>
        <source>streaming</source>
        <translation>réception en cours</translation>
    </message>
    <message>
        <source>done</source>
        <translation>terminé</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>arrêté</translation>
    </message>
    <message>
        <source>error</source>
        <translation>erreur</translation>
    </message>
    <message>
        <source>Tool call: %1(%2)</source>
        <translation>Appel d&apos;outil&#xa0;: %1(%2)</translation>
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
        <translation>Cible</translation>
    </message>
    <message>
        <source>TTFT</source>
        <translation>TTFT</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>Jetons/s</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation>Jetons en entrée</translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation>Jetons en sortie</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CompareTargetRow</name>
    <message>
        <source>Account</source>
        <translation>Compte</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Région</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>Remove this target</source>
        <translation>Retirer cette cible</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CompareWindow</name>
    <message>
        <source>Compare</source>
        <translation>Comparer</translation>
    </message>
    <message>
        <source>&amp;Side by Side</source>
        <translation>Côte à cô&amp;te</translation>
    </message>
    <message>
        <source>Across &amp;APIs</source>
        <translation>Entre les AP&amp;I</translation>
    </message>
    <message>
        <source>&amp;Regions</source>
        <translation>&amp;Régions</translation>
    </message>
    <message>
        <source>The first target is now %1.</source>
        <translation>La première cible est maintenant %1.</translation>
    </message>
    <message>
        <source>The session was saved but could not be opened now: stop the answer that is streaming first.</source>
        <translation>La session a été enregistrée, mais ne peut pas être ouverte maintenant&#xa0;: arrêtez d&apos;abord la réponse en cours de réception.</translation>
    </message>
    <message>
        <source>&amp;Prompt:</source>
        <translation>&amp;Prompt&#xa0;:</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Targets (account, region, model, API):</source>
        <translation>Cibles (compte, région, modèle, API)&#xa0;:</translation>
    </message>
    <message>
        <source>A&amp;dd Target</source>
        <translation>A&amp;jouter une cible</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Lancer</translation>
    </message>
    <message>
        <source>Send the prompt to every target at once (Ctrl+Enter)</source>
        <translation>Envoyer le prompt à toutes les cibles à la fois (Ctrl+Entrée)</translation>
    </message>
    <message>
        <source>S&amp;ync scrolling</source>
        <translation>&amp;Synchroniser le défilement</translation>
    </message>
    <message>
        <source>Comparison table</source>
        <translation>Tableau de comparaison</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>&amp;Exporter en CSV…</translation>
    </message>
    <message>
        <source>&amp;Copy as CSV</source>
        <translation>C&amp;opier en CSV</translation>
    </message>
    <message>
        <source>Co&amp;ntinue with This</source>
        <translation>Poursuivre avec cette répo&amp;nse</translation>
    </message>
    <message>
        <source>Open a new session with the selected row&apos;s target, the prompt and its answer</source>
        <translation>Ouvrir une nouvelle session avec la cible de la ligne sélectionnée, le prompt et sa réponse</translation>
    </message>
    <message>
        <source>Type a prompt first.</source>
        <translation>Saisissez d&apos;abord un prompt.</translation>
    </message>
    <message>
        <source>Choose a model for every target.</source>
        <translation>Choisissez un modèle pour chaque cible.</translation>
    </message>
    <message>
        <source>Every target answered.</source>
        <translation>Toutes les cibles ont répondu.</translation>
    </message>
    <message numerus="yes">
        <source>Done; %n target(s) failed.</source>
        <translation>
            <numerusform>Terminé&#xa0;; %n cible en échec.</numerusform>
            <numerusform>Terminé&#xa0;; %n cibles en échec.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sending to %n target(s)…</source>
        <translation>
            <numerusform>Envoi à %n cible…</numerusform>
            <numerusform>Envoi à %n cibles…</numerusform>
        </translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Arrêter</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2</source>
        <translation>Impossible d&apos;écrire «&#xa0;%1&#xa0;»&#xa0;: %2</translation>
    </message>
    <message>
        <source>Export Comparison</source>
        <translation>Exporter la comparaison</translation>
    </message>
    <message>
        <source>comparison.csv</source>
        <translation>comparaison.csv</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>Exporté dans %1.</translation>
    </message>
    <message>
        <source>Copied the table as CSV.</source>
        <translation>Tableau copié en CSV.</translation>
    </message>
    <message>
        <source>That target has not answered yet.</source>
        <translation>Cette cible n&apos;a pas encore répondu.</translation>
    </message>
    <message>
        <source>Select a row of the table first.</source>
        <translation>Sélectionnez d&apos;abord une ligne du tableau.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ConversationView</name>
    <message>
        <source>Conversation</source>
        <translation>Conversation</translation>
    </message>
    <message>
        <source>The prompts and answers of this session. Up and Down select an item; the context menu copies, edits, deletes or re-runs it; Ctrl+C copies the selected item&apos;s text.</source>
        <translation>Les prompts et les réponses de cette session. Haut et Bas sélectionnent un élément&#xa0;; le menu contextuel le copie, le modifie, le supprime ou le relance&#xa0;; Ctrl+C copie le texte de l&apos;élément sélectionné.</translation>
    </message>
    <message>
        <source>Copy Text</source>
        <translation>Copier le texte</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <source>Re-run from Here</source>
        <translation>Relancer à partir d&apos;ici</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CostChart</name>
    <message>
        <source>Cost chart</source>
        <translation>Graphique des coûts</translation>
    </message>
    <message numerus="yes">
        <source>%n bars, %1 USD in all</source>
        <translation>
            <numerusform>%n barre, %1 USD au total</numerusform>
            <numerusform>%n barres, %1 USD au total</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 to %2: %3 USD, %4 tokens</source>
        <translation>%1 à %2&#xa0;: %3 USD, %4 jetons</translation>
    </message>
    <message numerus="yes">
        <source>%n answer(s) without a price</source>
        <translation>
            <numerusform>%n réponse sans prix</numerusform>
            <numerusform>%n réponses sans prix</numerusform>
        </translation>
    </message>
    <message>
        <source>Cost (%1)</source>
        <translation>Coût (%1)</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Jetons</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CostTableModel</name>
    <message>
        <source>No price</source>
        <translation>Aucun prix</translation>
    </message>
    <message>
        <source>Catalogue</source>
        <translation>Catalogue</translation>
    </message>
    <message>
        <source>Catalogue (%1)</source>
        <translation>Catalogue (%1)</translation>
    </message>
    <message>
        <source>Private</source>
        <translation>Privé</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>Non enregistré</translation>
    </message>
    <message>
        <source>unpriced</source>
        <translation>sans prix</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Part of the output tokens, and billed with them.</source>
        <translation>Inclus dans les jetons de sortie et facturé avec eux.</translation>
    </message>
    <message>
        <source>The model had no known price when this answer came.</source>
        <translation>Le modèle n&apos;avait pas de prix connu lorsque cette réponse est arrivée.</translation>
    </message>
    <message>
        <source>%1 (this answer kept its total only)</source>
        <translation>%1 (cette réponse n&apos;a conservé que son total)</translation>
    </message>
    <message>
        <source>No price was known for this model.</source>
        <translation>Aucun prix n&apos;était connu pour ce modèle.</translation>
    </message>
    <message>
        <source>Priced by an earlier version, which did not keep the prices it used.</source>
        <translation>Prix calculé par une version antérieure, qui n&apos;a pas conservé les prix utilisés.</translation>
    </message>
    <message>
        <source>Your own prices for this model.</source>
        <translation>Vos propres prix pour ce modèle.</translation>
    </message>
    <message>
        <source>The catalogue&apos;s list prices.</source>
        <translation>Les prix publics du catalogue.</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation>Source&#xa0;: %1</translation>
    </message>
    <message>
        <source>As of: %1</source>
        <translation>En date du&#xa0;: %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Entrée</translation>
    </message>
    <message>
        <source>Cached</source>
        <translation>En cache</translation>
    </message>
    <message>
        <source>Cache write</source>
        <translation>Écriture cache</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Sortie</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>Raisonnement</translation>
    </message>
    <message>
        <source>Input cost</source>
        <translation>Coût entrée</translation>
    </message>
    <message>
        <source>Cached cost</source>
        <translation>Coût cache</translation>
    </message>
    <message>
        <source>Cache write cost</source>
        <translation>Coût écriture cache</translation>
    </message>
    <message>
        <source>Output cost</source>
        <translation>Coût sortie</translation>
    </message>
    <message>
        <source>Total (USD)</source>
        <translation>Total (USD)</translation>
    </message>
    <message>
        <source>Prices</source>
        <translation>Prix</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CostView</name>
    <message>
        <source>Costs</source>
        <translation>Coûts</translation>
    </message>
    <message>
        <source>This session:</source>
        <translation>Cette session&#xa0;:</translation>
    </message>
    <message>
        <source>This account:</source>
        <translation>Ce compte&#xa0;:</translation>
    </message>
    <message>
        <source>Today:</source>
        <translation>Aujourd&apos;hui&#xa0;:</translation>
    </message>
    <message>
        <source>All sessions:</source>
        <translation>Toutes les sessions&#xa0;:</translation>
    </message>
    <message>
        <source>Per answer</source>
        <translation>Par réponse</translation>
    </message>
    <message>
        <source>Cost and tokens of each answer of this session</source>
        <translation>Coût et jetons de chaque réponse de cette session</translation>
    </message>
    <message>
        <source>Last %1 days</source>
        <translation>%1 derniers jours</translation>
    </message>
    <message>
        <source>Cost and tokens per day over every session</source>
        <translation>Coût et jetons par jour sur l&apos;ensemble des sessions</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exporter en CSV…</translation>
    </message>
    <message>
        <source>Export the cost ledger as CSV</source>
        <translation>Exporter le registre des coûts en CSV</translation>
    </message>
    <message>
        <source>Every answer of every session, with its tokens, cost and price source</source>
        <translation>Chaque réponse de chaque session, avec ses jetons, son coût et la source de son prix</translation>
    </message>
    <message>
        <source>Cost of each answer</source>
        <translation>Coût de chaque réponse</translation>
    </message>
    <message>
        <source>Cannot write the file &quot;%1&quot;: %2.</source>
        <translation>Impossible d&apos;écrire le fichier &quot;%1&quot;&#xa0;: %2.</translation>
    </message>
    <message>
        <source>The costs could not be exported: %1</source>
        <translation>Impossible d&apos;exporter les coûts&#xa0;: %1</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>Exporté dans %1.</translation>
    </message>
    <message>
        <source>Export Costs</source>
        <translation>Exporter les coûts</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>%1 USD · %n answer(s)</source>
        <translation>
            <numerusform>%1 USD · %n réponse</numerusform>
            <numerusform>%1 USD · %n réponses</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 tokens in, %2 out</source>
        <translation>%1 jetons en entrée, %2 en sortie</translation>
    </message>
    <message numerus="yes">
        <source>%n without a price</source>
        <translation>
            <numerusform>%n sans prix</numerusform>
            <numerusform>%n sans prix</numerusform>
        </translation>
    </message>
    <message>
        <source>(reading the other sessions…)</source>
        <translation>(lecture des autres sessions…)</translation>
    </message>
    <message>
        <source>Account %1:</source>
        <translation>Compte %1&#xa0;:</translation>
    </message>
    <message>
        <source>%1 USD</source>
        <translation>%1 USD</translation>
    </message>
    <message>
        <source>no price</source>
        <translation>aucun prix</translation>
    </message>
    <message>
        <source>Answer %1 (%2), %3
%4, %5 tokens</source>
        <translation>Réponse %1 (%2), %3
%4, %5 jetons</translation>
    </message>
    <message>
        <source>No answer of this session has reported its usage yet.</source>
        <translation>Aucune réponse de cette session n&apos;a encore indiqué sa consommation.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2 USD, %n answer(s), %3 tokens</source>
        <translation>
            <numerusform>%1&#xa0;: %2 USD, %n réponse, %3 jetons</numerusform>
            <numerusform>%1&#xa0;: %2 USD, %n réponses, %3 jetons</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mantle::ui::CrossApiView</name>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modèle&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Run All APIs</source>
        <translation>&amp;Lancer sur toutes les API</translation>
    </message>
    <message>
        <source>Send the request through every API the model serves</source>
        <translation>Envoyer la requête via chaque API qui sert le modèle</translation>
    </message>
    <message>
        <source>Choose a model.</source>
        <translation>Choisissez un modèle.</translation>
    </message>
    <message>
        <source>Loading the models…</source>
        <translation>Chargement des modèles…</translation>
    </message>
    <message>
        <source>The model list does not say which APIs this model serves.</source>
        <translation>La liste des modèles n&apos;indique pas quelles API servent ce modèle.</translation>
    </message>
    <message numerus="yes">
        <source>%n API(s) serve this model. The payloads below are what each would send.</source>
        <translation>
            <numerusform>%n API sert ce modèle. La charge utile ci-dessous est celle qu&apos;elle enverrait.</numerusform>
            <numerusform>%n API servent ce modèle. Les charges utiles ci-dessous sont celles que chacune enverrait.</numerusform>
        </translation>
    </message>
    <message>
        <source>Payload for %1</source>
        <translation>Charge utile pour %1</translation>
    </message>
    <message>
        <source>Raw usage</source>
        <translation>Consommation brute</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Réponse</translation>
    </message>
    <message>
        <source>Not sent yet.</source>
        <translation>Pas encore envoyé.</translation>
    </message>
    <message>
        <source>This request cannot be sent: %1</source>
        <translation>Cette requête ne peut pas être envoyée&#xa0;: %1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>No API to send to: choose a model the list knows.</source>
        <translation>Aucune API à laquelle envoyer&#xa0;: choisissez un modèle que la liste connaît.</translation>
    </message>
    <message>
        <source>Every API answered or failed; usage is shown as each reported it.</source>
        <translation>Chaque API a répondu ou échoué&#xa0;; la consommation est affichée telle que chacune l&apos;a indiquée.</translation>
    </message>
    <message>
        <source>Waiting…</source>
        <translation>En attente…</translation>
    </message>
    <message numerus="yes">
        <source>Sending through %n API(s)…</source>
        <translation>
            <numerusform>Envoi via %n API…</numerusform>
            <numerusform>Envoi via %n API…</numerusform>
        </translation>
    </message>
    <message>
        <source>not reported</source>
        <translation>non indiqué</translation>
    </message>
    <message>
        <source>Input %1 · output %2 · cached %3 · reasoning %4</source>
        <translation>Entrée %1 · sortie %2 · en cache %3 · raisonnement %4</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Erreur&#xa0;: %1</translation>
    </message>
    <message>
        <source>No usage reported.</source>
        <translation>Aucune consommation indiquée.</translation>
    </message>
    <message>
        <source>Streaming…</source>
        <translation>Réception…</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Arrêter</translation>
    </message>
</context>
<context>
    <name>mantle::ui::DemoDriver</name>
    <message>
        <source>The window has no page for this API.</source>
        <translation>La fenêtre n&apos;a pas de page pour cette API.</translation>
    </message>
    <message>
        <source>The model list does not offer %1.</source>
        <translation>La liste des modèles ne propose pas %1.</translation>
    </message>
    <message>
        <source>No answer within %1 ms.</source>
        <translation>Aucune réponse en %1 ms.</translation>
    </message>
    <message>
        <source>The answer was empty.</source>
        <translation>La réponse était vide.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::IamPolicyDialog</name>
    <message>
        <source>Allow subscribing to third-party (Marketplace) models</source>
        <translation>Autoriser l&apos;abonnement aux modèles tiers (Marketplace)</translation>
    </message>
    <message>
        <source>Identity policy</source>
        <translation>Politique basée sur l&apos;identité</translation>
    </message>
    <message>
        <source>IAM Policy for “%1”</source>
        <translation>Politique IAM pour «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>Attach it to the IAM user that owns the API key.</source>
        <translation>Attachez-la à l&apos;utilisateur IAM propriétaire de la clé d&apos;API.</translation>
    </message>
    <message>
        <source>Attach it to the role %1.</source>
        <translation>Attachez-la au rôle %1.</translation>
    </message>
    <message>
        <source>Attach it to the IAM user or role of the access key.</source>
        <translation>Attachez-la à l&apos;utilisateur ou au rôle IAM de la clé d&apos;accès.</translation>
    </message>
    <message>
        <source>The least-privilege policy for this account in %1: only what Mantle Playground needs. %2</source>
        <translation>La politique de moindre privilège pour ce compte dans %1&#xa0;: uniquement ce dont Mantle Playground a besoin. %2</translation>
    </message>
    <message>
        <source>AWS account id</source>
        <translation>ID de compte AWS</translation>
    </message>
    <message>
        <source>12 digits; empty: any account (*)</source>
        <translation>12 chiffres&#xa0;; vide&#xa0;: n&apos;importe quel compte (*)</translation>
    </message>
    <message>
        <source>AWS &amp;account id:</source>
        <translation>ID de &amp;compte AWS&#xa0;:</translation>
    </message>
    <message>
        <source>An AWS account id has 12 digits.</source>
        <translation>Un ID de compte AWS comporte 12 chiffres.</translation>
    </message>
    <message>
        <source>Identity policy:</source>
        <translation>Politique basée sur l&apos;identité&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copier</translation>
    </message>
    <message>
        <source>Copy the identity policy&apos;s JSON (it holds no secret).</source>
        <translation>Copier le JSON de la politique basée sur l&apos;identité (elle ne contient aucun secret).</translation>
    </message>
    <message>
        <source>Trust policy</source>
        <translation>Politique d&apos;approbation</translation>
    </message>
    <message>
        <source>Trust policy of the role (who may assume it):</source>
        <translation>Politique d&apos;approbation du rôle (qui peut l&apos;assumer)&#xa0;:</translation>
    </message>
    <message>
        <source>Copy &amp;Trust Policy</source>
        <translation>Copier la politique d&apos;&amp;approbation</translation>
    </message>
    <message>
        <source>Use the policy above to grant only what the playground needs, for this region; attach the managed policy when you would rather have AWS keep the permissions up to date as Mantle changes, or when several regions and tools share the principal.</source>
        <translation>Utilisez la politique ci-dessus pour n&apos;accorder que ce dont le playground a besoin, pour cette région&#xa0;; attachez la politique gérée si vous préférez qu&apos;AWS tienne les autorisations à jour au fil des évolutions de Mantle, ou si plusieurs régions et outils partagent le principal.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::InspectorView</name>
    <message>
        <source>Header</source>
        <translation>En-tête</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
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
        <translation>Sélectionnez une réponse pour voir sa requête.</translation>
    </message>
    <message>
        <source>Request inspector</source>
        <translation>Inspecteur de requêtes</translation>
    </message>
    <message>
        <source>Request summary</source>
        <translation>Résumé de la requête</translation>
    </message>
    <message>
        <source>Request, response and timing</source>
        <translation>Requête, réponse et durées</translation>
    </message>
    <message>
        <source>&amp;Request</source>
        <translation>&amp;Requête</translation>
    </message>
    <message>
        <source>Res&amp;ponse</source>
        <translation>Ré&amp;ponse</translation>
    </message>
    <message>
        <source>&amp;Timing</source>
        <translation>&amp;Durées</translation>
    </message>
    <message>
        <source>Method and URL</source>
        <translation>Méthode et URL</translation>
    </message>
    <message>
        <source>Copy as c&amp;url</source>
        <translation>Copier en c&amp;url</translation>
    </message>
    <message>
        <source>Copy this request as a curl command that reads the credentials from the environment</source>
        <translation>Copier cette requête sous forme de commande curl qui lit les informations d&apos;identification dans l&apos;environnement</translation>
    </message>
    <message>
        <source>E&amp;xport as code…</source>
        <translation>E&amp;xporter en code…</translation>
    </message>
    <message>
        <source>Show this request as a Python, TypeScript or curl program</source>
        <translation>Afficher cette requête sous forme de programme Python, TypeScript ou curl</translation>
    </message>
    <message>
        <source>Request headers</source>
        <translation>En-têtes de la requête</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>Corps</translation>
    </message>
    <message>
        <source>Ra&amp;w</source>
        <translation>&amp;Brut</translation>
    </message>
    <message>
        <source>Show the exact request bytes</source>
        <translation>Afficher les octets exacts de la requête</translation>
    </message>
    <message>
        <source>Show the body byte for byte as it was sent, not indented.</source>
        <translation>Afficher le corps octet par octet tel qu&apos;il a été envoyé, sans indentation.</translation>
    </message>
    <message>
        <source>Request body</source>
        <translation>Corps de la requête</translation>
    </message>
    <message>
        <source>No body</source>
        <translation>Aucun corps</translation>
    </message>
    <message>
        <source>Response status</source>
        <translation>Statut de la réponse</translation>
    </message>
    <message>
        <source>Response headers</source>
        <translation>En-têtes de la réponse</translation>
    </message>
    <message>
        <source>Server-sent events</source>
        <translation>Événements envoyés par le serveur</translation>
    </message>
    <message>
        <source>Data of the selected event</source>
        <translation>Données de l&apos;événement sélectionné</translation>
    </message>
    <message>
        <source>Select an event to see its data.</source>
        <translation>Sélectionnez un événement pour voir ses données.</translation>
    </message>
    <message>
        <source>R&amp;aw</source>
        <translation>Br&amp;ut</translation>
    </message>
    <message>
        <source>Show the exact response bytes</source>
        <translation>Afficher les octets exacts de la réponse</translation>
    </message>
    <message>
        <source>Show the body byte for byte as it arrived, not indented.</source>
        <translation>Afficher le corps octet par octet tel qu&apos;il est arrivé, sans indentation.</translation>
    </message>
    <message>
        <source>Response body</source>
        <translation>Corps de la réponse</translation>
    </message>
    <message>
        <source>Attempts:</source>
        <translation>Tentatives&#xa0;:</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Tentatives</translation>
    </message>
    <message>
        <source>Route prefix:</source>
        <translation>Préfixe de route&#xa0;:</translation>
    </message>
    <message>
        <source>Route prefix</source>
        <translation>Préfixe de route</translation>
    </message>
    <message>
        <source>Time to first byte:</source>
        <translation>Délai avant le premier octet&#xa0;:</translation>
    </message>
    <message>
        <source>Time to first byte</source>
        <translation>Délai avant le premier octet</translation>
    </message>
    <message>
        <source>Time to first token:</source>
        <translation>Délai avant le premier jeton&#xa0;:</translation>
    </message>
    <message>
        <source>Time to first token</source>
        <translation>Délai avant le premier jeton</translation>
    </message>
    <message>
        <source>Total:</source>
        <translation>Total&#xa0;:</translation>
    </message>
    <message>
        <source>Total time</source>
        <translation>Durée totale</translation>
    </message>
    <message>
        <source>Tokens per second:</source>
        <translation>Jetons par seconde&#xa0;:</translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation>Jetons par seconde</translation>
    </message>
    <message>
        <source>Error:</source>
        <translation>Erreur&#xa0;:</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Truncated:</source>
        <translation>Tronqué&#xa0;:</translation>
    </message>
    <message>
        <source>Truncated</source>
        <translation>Tronqué</translation>
    </message>
    <message>
        <source>Waiting for the answer…</source>
        <translation>En attente de la réponse…</translation>
    </message>
    <message>
        <source>No answer arrived.</source>
        <translation>Aucune réponse n&apos;est arrivée.</translation>
    </message>
    <message>
        <source>Status %1</source>
        <translation>Statut %1</translation>
    </message>
    <message>
        <source>%1 · request id %2</source>
        <translation>%1 · ID de requête %2</translation>
    </message>
    <message>
        <source>%1 (retries: %2)</source>
        <translation>%1 (nouvelles tentatives&#xa0;: %2)</translation>
    </message>
    <message>
        <source>%1 (switched after a wrong-prefix answer)</source>
        <translation>%1 (changé après une réponse wrong-prefix)</translation>
    </message>
    <message>
        <source>running…</source>
        <translation>en cours…</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Aucun</translation>
    </message>
    <message>
        <source>Yes: only the first %1 events and %2 MB of body were kept.</source>
        <translation>Oui&#xa0;: seuls les %1 premiers événements et %2 Mo du corps ont été conservés.</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Non</translation>
    </message>
    <message>
        <source>streaming, %1 events so far</source>
        <translation>réception en cours, %1 événements jusqu&apos;ici</translation>
    </message>
    <message>
        <source>%1 ms in total</source>
        <translation>%1 ms au total</translation>
    </message>
    <message>
        <source>first token after %1 ms</source>
        <translation>premier jeton après %1 ms</translation>
    </message>
    <message>
        <source>retries: %1</source>
        <translation>nouvelles tentatives&#xa0;: %1</translation>
    </message>
    <message>
        <source>route switched to %1</source>
        <translation>route changée pour %1</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>échec&#xa0;: %1</translation>
    </message>
    <message>
        <source>truncated</source>
        <translation>tronqué</translation>
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
        <translation>Prêt</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Compte</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Région</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Ask the region again for its models</source>
        <translation>Redemander à la région la liste de ses modèles</translation>
    </message>
    <message>
        <source>Refresh models</source>
        <translation>Actualiser les modèles</translation>
    </message>
    <message>
        <source>Demo: offline, answered by the built-in emulator</source>
        <translation>Démo&#xa0;: hors ligne, réponses fournies par l&apos;émulateur intégré</translation>
    </message>
    <message>
        <source>The “%1” account answers from the Mantle emulator built into the app: no AWS account, no network, no cost. Add your own account with File &gt; Accounts….</source>
        <translation>Le compte «&#xa0;%1&#xa0;» répond depuis l&apos;émulateur Mantle intégré à l&apos;application&#xa0;: aucun compte AWS, aucun réseau, aucun coût. Ajoutez votre propre compte avec Fichier &gt; Comptes….</translation>
    </message>
    <message>
        <source>&amp;Account:</source>
        <translation>&amp;Compte&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>&amp;Région&#xa0;:</translation>
    </message>
    <message>
        <source>M&amp;odel:</source>
        <translation>M&amp;odèle&#xa0;:</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sessions</translation>
    </message>
    <message>
        <source>Request Inspector</source>
        <translation>Inspecteur de requêtes</translation>
    </message>
    <message>
        <source>Select an answer to see the request that was sent.</source>
        <translation>Sélectionnez une réponse pour voir la requête envoyée.</translation>
    </message>
    <message>
        <source>Select an answer to export its request.</source>
        <translation>Sélectionnez une réponse pour exporter sa requête.</translation>
    </message>
    <message>
        <source>Demo mode: the “%1” account answers from the emulator built into the app.</source>
        <translation>Mode démo&#xa0;: le compte «&#xa0;%1&#xa0;» répond depuis l&apos;émulateur intégré à l&apos;application.</translation>
    </message>
    <message>
        <source>No account: File &gt; Accounts…</source>
        <translation>Aucun compte&#xa0;: Fichier &gt; Comptes…</translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation>Demande de ses modèles à %1…</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) for this surface.</source>
        <translation>
            <numerusform>%n modèle pour cette surface.</numerusform>
            <numerusform>%n modèles pour cette surface.</numerusform>
        </translation>
    </message>
    <message>
        <source>The live model list could not be fetched, so the catalogue&apos;s models show: %1</source>
        <translation>Impossible de récupérer la liste des modèles en direct&#xa0;; les modèles du catalogue sont affichés&#xa0;: %1</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1
Surfaces: %2</source>
        <translation>%1
Surfaces&#xa0;: %2</translation>
    </message>
    <message>
        <source>No model of this account serves %1</source>
        <translation>Aucun modèle de ce compte ne sert %1</translation>
    </message>
    <message>
        <source>This session uses an API the playground does not show.</source>
        <translation>Cette session utilise une API que le playground n&apos;affiche pas.</translation>
    </message>
    <message>
        <source>Stop the answer that is streaming before opening another session.</source>
        <translation>Arrêtez la réponse en cours de réception avant d&apos;ouvrir une autre session.</translation>
    </message>
    <message>
        <source>Cannot open the session “%1”: %2</source>
        <translation>Impossible d&apos;ouvrir la session «&#xa0;%1&#xa0;»&#xa0;: %2</translation>
    </message>
    <message>
        <source>Cannot open the session “%1” now.</source>
        <translation>Impossible d&apos;ouvrir la session «&#xa0;%1&#xa0;» pour le moment.</translation>
    </message>
    <message>
        <source>Opened the session “%1”; changes are saved in the app&apos;s sessions.</source>
        <translation>Session «&#xa0;%1&#xa0;» ouverte&#xa0;; les modifications sont enregistrées dans les sessions de l&apos;application.</translation>
    </message>
    <message>
        <source>Stop the answer that is streaming before starting a new session.</source>
        <translation>Arrêtez la réponse en cours de réception avant de démarrer une nouvelle session.</translation>
    </message>
    <message>
        <source>New session.</source>
        <translation>Nouvelle session.</translation>
    </message>
    <message>
        <source>Import Session</source>
        <translation>Importer une session</translation>
    </message>
    <message>
        <source>Sessions (*.json *.md *.markdown);;Session files (*.json);;Markdown (*.md *.markdown)</source>
        <translation>Sessions (*.json *.md *.markdown);;Fichiers de session (*.json);;Markdown (*.md *.markdown)</translation>
    </message>
    <message>
        <source>The session could not be imported: %1</source>
        <translation>Impossible d&apos;importer la session&#xa0;: %1</translation>
    </message>
    <message>
        <source>Export Session</source>
        <translation>Exporter la session</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Session files (*.json)</source>
        <translation>Fichiers de session (*.json)</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>Exporté dans %1.</translation>
    </message>
    <message>
        <source>The session could not be exported: %1</source>
        <translation>Impossible d&apos;exporter la session&#xa0;: %1</translation>
    </message>
    <message>
        <source>Stop the answer that is streaming before deleting its session.</source>
        <translation>Arrêtez la réponse en cours de réception avant de supprimer sa session.</translation>
    </message>
    <message>
        <source>That answer is no longer in its session.</source>
        <translation>Cette réponse ne fait plus partie de sa session.</translation>
    </message>
    <message>
        <source>Continuing “%1”.</source>
        <translation>Poursuite de «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>Forked “%1” after that answer: the new session goes on from there.</source>
        <translation>Bifurcation de «&#xa0;%1&#xa0;» après cette réponse&#xa0;: la nouvelle session repart de là.</translation>
    </message>
    <message>
        <source>The request cannot be exported: %1</source>
        <translation>Impossible d&apos;exporter la requête&#xa0;: %1</translation>
    </message>
    <message>
        <source>Select an answer to copy its request.</source>
        <translation>Sélectionnez une réponse pour copier sa requête.</translation>
    </message>
    <message>
        <source>Copied the request as curl (signed with SigV4 from $AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY)</source>
        <translation>Requête copiée en curl (signée avec SigV4 à partir de $AWS_ACCESS_KEY_ID et $AWS_SECRET_ACCESS_KEY)</translation>
    </message>
    <message>
        <source>Copied the request as curl (the key is read from $AWS_BEARER_TOKEN_BEDROCK)</source>
        <translation>Requête copiée en curl (la clé est lue dans $AWS_BEARER_TOKEN_BEDROCK)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;New Session</source>
        <translation>&amp;Nouvelle session</translation>
    </message>
    <message>
        <source>&amp;Import Session…</source>
        <translation>&amp;Importer une session…</translation>
    </message>
    <message>
        <source>Export Session as &amp;JSON…</source>
        <translation>Exporter la session en &amp;JSON…</translation>
    </message>
    <message>
        <source>Export Session as Mar&amp;kdown…</source>
        <translation>Exporter la session en Mar&amp;kdown…</translation>
    </message>
    <message>
        <source>&amp;Accounts…</source>
        <translation>&amp;Comptes…</translation>
    </message>
    <message>
        <source>&amp;Models…</source>
        <translation>&amp;Modèles…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Édition</translation>
    </message>
    <message>
        <source>&amp;Find Sessions</source>
        <translation>&amp;Rechercher des sessions</translation>
    </message>
    <message>
        <source>&amp;Playground</source>
        <translation>&amp;Playground</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Envoyer</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Arrêter</translation>
    </message>
    <message>
        <source>&amp;Export as Code…</source>
        <translation>E&amp;xporter en code…</translation>
    </message>
    <message>
        <source>Demo &amp;Failures</source>
        <translation>&amp;Pannes de démo</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Aucun</translation>
    </message>
    <message>
        <source>Access Denied</source>
        <translation>Accès refusé</translation>
    </message>
    <message>
        <source>Wrong Route Prefix</source>
        <translation>Mauvais préfixe de route</translation>
    </message>
    <message>
        <source>Too Many Requests (429)</source>
        <translation>Trop de requêtes (429)</translation>
    </message>
    <message>
        <source>Server Error (500)</source>
        <translation>Erreur de serveur (500)</translation>
    </message>
    <message>
        <source>Connection Cut Mid-Answer</source>
        <translation>Connexion coupée en pleine réponse</translation>
    </message>
    <message>
        <source>Malformed Event</source>
        <translation>Événement mal formé</translation>
    </message>
    <message>
        <source>Slow Server (3 s)</source>
        <translation>Serveur lent (3 s)</translation>
    </message>
    <message>
        <source>The demo account behaves again.</source>
        <translation>Le compte de démo fonctionne de nouveau normalement.</translation>
    </message>
    <message>
        <source>The demo account now fails every request: %1.</source>
        <translation>Le compte de démo fait maintenant échouer chaque requête&#xa0;: %1.</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Sessions</source>
        <translation>&amp;Sessions</translation>
    </message>
    <message>
        <source>Request &amp;Inspector</source>
        <translation>&amp;Inspecteur de requêtes</translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation>&amp;Plein écran</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Raccourcis clavier</translation>
    </message>
    <message>
        <source>&amp;About Mantle Playground</source>
        <translation>À &amp;propos de Mantle Playground</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>À propos de &amp;Qt</translation>
    </message>
    <message>
        <source>Restart Mantle Playground?</source>
        <translation>Redémarrer Mantle Playground&#xa0;?</translation>
    </message>
    <message>
        <source>The new language is used from the next start. Restart now? Your sessions are saved first.</source>
        <translation>La nouvelle langue s&apos;applique à partir du prochain démarrage. Redémarrer maintenant&#xa0;? Vos sessions sont d&apos;abord enregistrées.</translation>
    </message>
    <message>
        <source>&amp;Restart Now</source>
        <translation>&amp;Redémarrer maintenant</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>&amp;Plus tard</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Préférences…</translation>
    </message>
    <message>
        <source>&amp;Compare…</source>
        <translation>&amp;Comparer…</translation>
    </message>
    <message>
        <source>Short-term API key until %1</source>
        <translation>Clé d&apos;API à court terme jusqu&apos;à %1</translation>
    </message>
    <message>
        <source>The requests of “%1” in %2 go with a short-term Bedrock API key (Bearer) instead of a SigV4 signature until %3, then with SigV4 again. File &gt; Accounts… &gt; Short-term API key… stops it.</source>
        <translation>Les requêtes de «&#xa0;%1&#xa0;» dans %2 utilisent une clé d&apos;API Bedrock à court terme (Bearer) au lieu d&apos;une signature SigV4 jusqu&apos;à %3, puis de nouveau SigV4. Fichier &gt; Comptes… &gt; Clé d&apos;API à court terme… l&apos;arrête.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ModelEditor</name>
    <message>
        <source>Add model</source>
        <translation>Ajouter un modèle</translation>
    </message>
    <message>
        <source>Edit model %1</source>
        <translation>Modifier le modèle %1</translation>
    </message>
    <message>
        <source>Model id</source>
        <translation>ID du modèle</translation>
    </message>
    <message>
        <source>e.g. moonshotai.kimi-k2-thinking</source>
        <translation>p. ex. moonshotai.kimi-k2-thinking</translation>
    </message>
    <message>
        <source>Model &amp;id:</source>
        <translation>&amp;ID du modèle&#xa0;:</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Nom affiché</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <source>OpenAI-style prefix</source>
        <translation>Préfixe de type OpenAI</translation>
    </message>
    <message>
        <source>As the catalogue says</source>
        <translation>Selon le catalogue</translation>
    </message>
    <message>
        <source>&amp;Prefix:</source>
        <translation>&amp;Préfixe&#xa0;:</translation>
    </message>
    <message>
        <source>Set the surfaces</source>
        <translation>Définir les surfaces</translation>
    </message>
    <message>
        <source>Private prices (per million tokens)</source>
        <translation>Prix privés (par million de jetons)</translation>
    </message>
    <message>
        <source>Private prices</source>
        <translation>Prix privés</translation>
    </message>
    <message>
        <source>Input price per million tokens</source>
        <translation>Prix en entrée par million de jetons</translation>
    </message>
    <message>
        <source>Output price per million tokens</source>
        <translation>Prix en sortie par million de jetons</translation>
    </message>
    <message>
        <source>I&amp;nput:</source>
        <translation>E&amp;ntrée&#xa0;:</translation>
    </message>
    <message>
        <source>O&amp;utput:</source>
        <translation>S&amp;ortie&#xa0;:</translation>
    </message>
    <message>
        <source>“%1” cannot be a model id: it must not be empty or contain white space or &apos;/&apos;.</source>
        <translation>«&#xa0;%1&#xa0;» ne peut pas être un ID de modèle&#xa0;: il ne doit pas être vide ni contenir d&apos;espaces ou de &apos;/&apos;.</translation>
    </message>
    <message>
        <source>Choose at least one surface.</source>
        <translation>Choisissez au moins une surface.</translation>
    </message>
    <message>
        <source>set by the user</source>
        <translation>défini par l&apos;utilisateur</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ModelTableModel</name>
    <message>
        <source>custom</source>
        <translation>personnalisé</translation>
    </message>
    <message>
        <source>live</source>
        <translation>en direct</translation>
    </message>
    <message>
        <source>catalogue</source>
        <translation>catalogue</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <source>%1 (private)</source>
        <translation>%1 (privé)</translation>
    </message>
    <message>
        <source>%1 shows in the playground&apos;s model picker</source>
        <translation>%1 apparaît dans le sélecteur de modèle du playground</translation>
    </message>
    <message>
        <source>%1 does not show in the playground&apos;s model picker</source>
        <translation>%1 n&apos;apparaît pas dans le sélecteur de modèle du playground</translation>
    </message>
    <message>
        <source>Show in the playground&apos;s model picker</source>
        <translation>Afficher dans le sélecteur de modèle du playground</translation>
    </message>
    <message>
        <source>Picker</source>
        <translation>Sélecteur</translation>
    </message>
    <message>
        <source>Model id</source>
        <translation>ID du modèle</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Surfaces</source>
        <translation>Surfaces</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>Préfixe</translation>
    </message>
    <message>
        <source>Input / million</source>
        <translation>Entrée / million</translation>
    </message>
    <message>
        <source>Output / million</source>
        <translation>Sortie / million</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ModelsView</name>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <source>&amp;Add model…</source>
        <translation>A&amp;jouter un modèle…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Modifier…</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation>&amp;Tout sélectionner</translation>
    </message>
    <message>
        <source>Select &amp;none</source>
        <translation>Tout &amp;désélectionner</translation>
    </message>
    <message>
        <source>Select all &amp;for</source>
        <translation>Tout sélectionner &amp;pour</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modèles</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Compte</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Région</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Refresh the live model list</source>
        <translation>Actualiser la liste des modèles en direct</translation>
    </message>
    <message>
        <source>A&amp;ccount:</source>
        <translation>&amp;Compte&#xa0;:</translation>
    </message>
    <message>
        <source>Re&amp;gion:</source>
        <translation>&amp;Région&#xa0;:</translation>
    </message>
    <message>
        <source>Add a custom model</source>
        <translation>Ajouter un modèle personnalisé</translation>
    </message>
    <message>
        <source>Edit the selected model</source>
        <translation>Modifier le modèle sélectionné</translation>
    </message>
    <message>
        <source>Remove the selected custom model</source>
        <translation>Supprimer le modèle personnalisé sélectionné</translation>
    </message>
    <message>
        <source>Offer every model in the playground&apos;s model picker, also models that appear later.</source>
        <translation>Proposer tous les modèles dans le sélecteur de modèle du playground, y compris ceux qui apparaîtront plus tard.</translation>
    </message>
    <message>
        <source>Offer no model in the playground&apos;s model picker until you check some.</source>
        <translation>Ne proposer aucun modèle dans le sélecteur de modèle du playground tant que vous n&apos;en cochez pas.</translation>
    </message>
    <message>
        <source>Add the listed models that serve an API to the playground&apos;s model picker.</source>
        <translation>Ajouter au sélecteur de modèle du playground les modèles listés qui servent une API.</translation>
    </message>
    <message>
        <source>Model picker:</source>
        <translation>Sélecteur de modèle&#xa0;:</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>No account yet: the catalogue&apos;s models show. Add an account with File &gt; Accounts… to see a region&apos;s live list.</source>
        <translation>Aucun compte pour l&apos;instant&#xa0;: les modèles du catalogue sont affichés. Ajoutez un compte avec Fichier &gt; Comptes… pour voir la liste en direct d&apos;une région.</translation>
    </message>
    <message>
        <source>The catalogue&apos;s models show: press Refresh for the models the region serves.</source>
        <translation>Les modèles du catalogue sont affichés&#xa0;: cliquez sur Actualiser pour voir les modèles que sert la région.</translation>
    </message>
    <message>
        <source>The catalogue&apos;s models show: press Refresh for the models %1 serves.</source>
        <translation>Les modèles du catalogue sont affichés&#xa0;: cliquez sur Actualiser pour voir les modèles que sert %1.</translation>
    </message>
    <message>
        <source>Add an account first (File &gt; Accounts…).</source>
        <translation>Ajoutez d&apos;abord un compte (Fichier &gt; Comptes…).</translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation>Demande de ses modèles à %1…</translation>
    </message>
    <message>
        <source>The account could not be used: %1</source>
        <translation>Impossible d&apos;utiliser le compte&#xa0;: %1</translation>
    </message>
    <message>
        <source>The model list of %1 could not be fetched: %2</source>
        <translation>Impossible de récupérer la liste des modèles de %1&#xa0;: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) live in %1.</source>
        <translation>
            <numerusform>%n modèle en direct dans %1.</numerusform>
            <numerusform>%n modèles en direct dans %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Model “%1” added.</source>
        <translation>Modèle «&#xa0;%1&#xa0;» ajouté.</translation>
    </message>
    <message>
        <source>Model “%1” changed.</source>
        <translation>Modèle «&#xa0;%1&#xa0;» modifié.</translation>
    </message>
    <message>
        <source>Model “%1” removed.</source>
        <translation>Modèle «&#xa0;%1&#xa0;» supprimé.</translation>
    </message>
    <message numerus="yes">
        <source>The model picker offers %1 of the %n model(s) listed.</source>
        <translation>
            <numerusform>Le sélecteur de modèle propose %1 sur %n modèle listé.</numerusform>
            <numerusform>Le sélecteur de modèle propose %1 sur %n modèles listés.</numerusform>
        </translation>
    </message>
    <message>
        <source>The model picker offers every model.</source>
        <translation>Le sélecteur de modèle propose tous les modèles.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ParametersPanel</name>
    <message>
        <source>Parameters</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>How random the answer is: lower is more focused and repeatable, higher more varied. From 0 to %1. Unset, the server&apos;s default applies.</source>
        <translation>Degré d&apos;aléatoire de la réponse&#xa0;: plus bas, elle est plus ciblée et reproductible&#xa0;; plus haut, plus variée. De 0 à %1. Si non défini, la valeur par défaut du serveur s&apos;applique.</translation>
    </message>
    <message>
        <source>&amp;Temperature:</source>
        <translation>&amp;Température&#xa0;:</translation>
    </message>
    <message>
        <source>Set the temperature</source>
        <translation>Définir la température</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Température</translation>
    </message>
    <message>
        <source>Nucleus sampling: the model only picks from the most likely tokens whose probabilities add up to this value, from 0 to 1. Change this or the temperature, not both.</source>
        <translation>Échantillonnage par noyau&#xa0;: le modèle ne choisit que parmi les jetons les plus probables dont les probabilités cumulées atteignent cette valeur, de 0 à 1. Modifiez ce paramètre ou la température, pas les deux.</translation>
    </message>
    <message>
        <source>Top &amp;p:</source>
        <translation>Top &amp;p&#xa0;:</translation>
    </message>
    <message>
        <source>Set top p</source>
        <translation>Définir top p</translation>
    </message>
    <message>
        <source>Top p</source>
        <translation>Top p</translation>
    </message>
    <message>
        <source>The longest answer the model may write, in tokens (on reasoning models the reasoning counts too). Sent as %1.</source>
        <translation>La réponse la plus longue que le modèle peut écrire, en jetons (pour les modèles de raisonnement, le raisonnement compte aussi). Envoyé sous la forme %1.</translation>
    </message>
    <message>
        <source>&amp;Max output tokens:</source>
        <translation>&amp;Jetons de sortie max.&#xa0;:</translation>
    </message>
    <message>
        <source>Set the maximum output tokens</source>
        <translation>Définir le nombre maximal de jetons de sortie</translation>
    </message>
    <message>
        <source>Maximum output tokens</source>
        <translation>Nombre maximal de jetons de sortie</translation>
    </message>
    <message>
        <source>Stop sequences, one per line</source>
        <translation>Séquences d&apos;arrêt, une par ligne</translation>
    </message>
    <message>
        <source>Text at which the model stops writing (the text itself is not returned). One sequence per line; commas are part of the sequence. Write \n for a line break, \t for a tab and \\ for a backslash. Chat Completions accepts up to %1.</source>
        <translation>Texte auquel le modèle cesse d&apos;écrire (ce texte n&apos;est pas renvoyé). Une séquence par ligne&#xa0;; les virgules font partie de la séquence. Écrivez \n pour un saut de ligne, \t pour une tabulation et \\ pour une barre oblique inverse. Chat Completions en accepte jusqu&apos;à %1.</translation>
    </message>
    <message>
        <source>None (one per line)</source>
        <translation>Aucune (une par ligne)</translation>
    </message>
    <message>
        <source>&amp;Stop sequences:</source>
        <translation>&amp;Séquences d&apos;arrêt&#xa0;:</translation>
    </message>
    <message>
        <source>Ask for repeatable sampling: the same seed and parameters should give the same answer (best effort, not guaranteed).</source>
        <translation>Demander un échantillonnage reproductible&#xa0;: la même graine et les mêmes paramètres devraient donner la même réponse (au mieux, sans garantie).</translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation>&amp;Graine&#xa0;:</translation>
    </message>
    <message>
        <source>Set the seed</source>
        <translation>Définir la graine</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Graine</translation>
    </message>
    <message>
        <source>Reasoning effort</source>
        <translation>Effort de raisonnement</translation>
    </message>
    <message>
        <source>How long a reasoning model thinks before it answers: more effort helps with hard questions and costs more tokens and time.</source>
        <translation>Durée de réflexion d&apos;un modèle de raisonnement avant de répondre&#xa0;: plus d&apos;effort aide pour les questions difficiles, mais coûte plus de jetons et de temps.</translation>
    </message>
    <message>
        <source>Server default</source>
        <translation>Valeur par défaut du serveur</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Faible</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Moyen</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Élevé</translation>
    </message>
    <message>
        <source>&amp;Reasoning effort:</source>
        <translation>Effort de &amp;raisonnement&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Adaptive thinking</source>
        <translation>Réflexion &amp;adaptative</translation>
    </message>
    <message>
        <source>Adaptive thinking</source>
        <translation>Réflexion adaptative</translation>
    </message>
    <message>
        <source>Let Claude think before it answers; how much follows the reasoning effort.</source>
        <translation>Laisser Claude réfléchir avant de répondre&#xa0;; l&apos;ampleur dépend de l&apos;effort de raisonnement.</translation>
    </message>
    <message>
        <source>Strea&amp;m the answer</source>
        <translation>D&amp;iffuser la réponse</translation>
    </message>
    <message>
        <source>Stream the answer</source>
        <translation>Diffuser la réponse</translation>
    </message>
    <message>
        <source>Show the answer while it is written (server-sent events). Off, the answer appears when it is complete.</source>
        <translation>Afficher la réponse pendant son écriture (événements envoyés par le serveur). Désactivé, la réponse apparaît une fois complète.</translation>
    </message>
    <message>
        <source>St&amp;ore the response</source>
        <translation>St&amp;ocker la réponse</translation>
    </message>
    <message>
        <source>Store the response</source>
        <translation>Stocker la réponse</translation>
    </message>
    <message>
        <source>Keep the response on the server, so that a later request can continue from it (previous_response_id).</source>
        <translation>Conserver la réponse sur le serveur, pour qu&apos;une requête ultérieure puisse la poursuivre (previous_response_id).</translation>
    </message>
    <message>
        <source>Stored responses are kept for 30 days in the region the request went to.</source>
        <translation>Les réponses stockées sont conservées 30 jours dans la région à laquelle la requête a été envoyée.</translation>
    </message>
    <message>
        <source>Run in the &amp;background</source>
        <translation>Exécuter en arrière-pla&amp;n</translation>
    </message>
    <message>
        <source>Run in the background</source>
        <translation>Exécuter en arrière-plan</translation>
    </message>
    <message>
        <source>The server answers later: the app polls the stored response until it is done (Stop cancels it). Needs the response stored.</source>
        <translation>Le serveur répond plus tard&#xa0;: l&apos;application interroge la réponse stockée jusqu&apos;à ce qu&apos;elle soit terminée (Arrêter l&apos;annule). Nécessite que la réponse soit stockée.</translation>
    </message>
    <message>
        <source>Reset to &amp;defaults</source>
        <translation>Valeurs par &amp;défaut</translation>
    </message>
    <message>
        <source>Reset the parameters to their defaults</source>
        <translation>Rétablir les valeurs par défaut des paramètres</translation>
    </message>
    <message>
        <source>Unset every value so that the server&apos;s defaults apply.</source>
        <translation>Effacer toutes les valeurs pour que les valeurs par défaut du serveur s&apos;appliquent.</translation>
    </message>
    <message>
        <source>Default: %1, always sent (Messages requires max_tokens)</source>
        <translation>Par défaut&#xa0;: %1, toujours envoyé (Messages exige max_tokens)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Stop sequences</source>
        <translation>Séquences d&apos;arrêt</translation>
    </message>
    <message>
        <source>Chat Completions accepts at most %1 stop sequences; there are %2.</source>
        <translation>Chat Completions accepte au plus %1 séquences d&apos;arrêt&#xa0;; il y en a %2.</translation>
    </message>
    <message>
        <source>enter a whole number, or untick it.</source>
        <translation>saisissez un nombre entier, ou décochez la case.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::PlaygroundPage</name>
    <message>
        <source>New session</source>
        <translation>Nouvelle session</translation>
    </message>
    <message>
        <source>Receiving the answer…</source>
        <translation>Réception de la réponse…</translation>
    </message>
    <message>
        <source>&amp;Instructions (developer prompt)</source>
        <translation>&amp;Instructions (prompt développeur)</translation>
    </message>
    <message>
        <source>&amp;System prompt</source>
        <translation>Prompt s&amp;ystème</translation>
    </message>
    <message>
        <source>Instructions</source>
        <translation>Instructions</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>Prompt système</translation>
    </message>
    <message>
        <source>Optional: how the model should behave.</source>
        <translation>Facultatif&#xa0;: comment le modèle doit se comporter.</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Type a prompt, then press Ctrl+Enter to send.</source>
        <translation>Saisissez un prompt, puis appuyez sur Ctrl+Entrée pour l&apos;envoyer.</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Envoyer</translation>
    </message>
    <message>
        <source>Send the prompt (Ctrl+Enter)</source>
        <translation>Envoyer le prompt (Ctrl+Entrée)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Arrêter</translation>
    </message>
    <message>
        <source>Stop the answer; what arrived is kept (Esc)</source>
        <translation>Arrêter la réponse&#xa0;; ce qui est arrivé est conservé (Échap)</translation>
    </message>
    <message>
        <source>Request settings</source>
        <translation>Paramètres de la requête</translation>
    </message>
    <message>
        <source>&amp;Parameters</source>
        <translation>&amp;Paramètres</translation>
    </message>
    <message>
        <source>T&amp;ools</source>
        <translation>&amp;Outils</translation>
    </message>
    <message>
        <source>Sc&amp;hema</source>
        <translation>&amp;Schéma</translation>
    </message>
    <message>
        <source>Chai&amp;n</source>
        <translation>C&amp;haîne</translation>
    </message>
    <message>
        <source>Cos&amp;t</source>
        <translation>Coû&amp;t</translation>
    </message>
    <message>
        <source>Choose a model above.</source>
        <translation>Choisissez un modèle ci-dessus.</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>Type a prompt first.</source>
        <translation>Saisissez d&apos;abord un prompt.</translation>
    </message>
    <message>
        <source>Choose a model first (the Model list above).</source>
        <translation>Choisissez d&apos;abord un modèle (liste Modèle ci-dessus).</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Connexion à %1…</translation>
    </message>
    <message>
        <source>The account “%1” could not be used: %2</source>
        <translation>Impossible d&apos;utiliser le compte «&#xa0;%1&#xa0;»&#xa0;: %2</translation>
    </message>
    <message>
        <source>Waiting for %1…</source>
        <translation>En attente de %1…</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Non envoyé&#xa0;: %1</translation>
    </message>
    <message>
        <source>Stopped before sending.</source>
        <translation>Arrêté avant l&apos;envoi.</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Arrêté</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <source>%1 s to first token</source>
        <translation>%1 s avant le premier jeton</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 jetons/s</translation>
    </message>
    <message>
        <source>%1 s in all</source>
        <translation>%1 s au total</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Vous</translation>
    </message>
    <message>
        <source>Tool result · %1</source>
        <translation>Résultat d&apos;outil · %1</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistant</translation>
    </message>
    <message>
        <source>Assistant · %1</source>
        <translation>Assistant · %1</translation>
    </message>
    <message>
        <source>The answer was cut short: %1
What arrived is kept; re-run to try again.</source>
        <translation>La réponse a été interrompue&#xa0;: %1
Ce qui est arrivé est conservé&#xa0;; relancez pour réessayer.</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>arrêté</translation>
    </message>
    <message>
        <source>%1 in · %2 out</source>
        <translation>%1 entrée · %2 sortie</translation>
    </message>
    <message>
        <source>%1 reasoning</source>
        <translation>%1 de raisonnement</translation>
    </message>
    <message>
        <source>no price known</source>
        <translation>aucun prix connu</translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s)</source>
        <translation>
            <numerusform>%n tentative</numerusform>
            <numerusform>%n tentatives</numerusform>
        </translation>
    </message>
    <message>
        <source>session cost unknown: no price for this model (set one in File &gt; Models…)</source>
        <translation>coût de la session inconnu&#xa0;: aucun prix pour ce modèle (définissez-en un dans Fichier &gt; Modèles…)</translation>
    </message>
    <message>
        <source>session cost $%1</source>
        <translation>coût de la session&#xa0;: %1 $</translation>
    </message>
    <message numerus="yes">
        <source>(%n answer(s) without a known price)</source>
        <translation>
            <numerusform>(%n réponse sans prix connu)</numerusform>
            <numerusform>(%n réponses sans prix connu)</numerusform>
        </translation>
    </message>
    <message>
        <source>There is no question before this answer to ask again.</source>
        <translation>Aucune question ne précède cette réponse pour la reposer.</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Modifier</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Texte</translation>
    </message>
    <message>
        <source>The session could not be saved: %1</source>
        <translation>Impossible d&apos;enregistrer la session&#xa0;: %1</translation>
    </message>
    <message>
        <source>The answer could not be saved: %1</source>
        <translation>Impossible d&apos;enregistrer la réponse&#xa0;: %1</translation>
    </message>
    <message>
        <source>≈ %1 input tokens</source>
        <translation>≈ %1 jetons en entrée</translation>
    </message>
    <message>
        <source>Input tokens of the request Send would send now (the conversation, the prompt, the system prompt and the tools), counted by Mantle&apos;s count_tokens.</source>
        <translation>Jetons en entrée de la requête que le bouton Envoyer enverrait maintenant (la conversation, le prompt, le prompt système et les outils), comptés par count_tokens de Mantle.</translation>
    </message>
    <message>
        <source>≈ $%1</source>
        <translation>≈ %1 $</translation>
    </message>
    <message>
        <source>The cost is the input at %1 per million input tokens.</source>
        <translation>Le coût correspond à l&apos;entrée, à %1 par million de jetons en entrée.</translation>
    </message>
    <message>
        <source>No price is known for this model, so no cost is shown (set one in File &gt; Models…).</source>
        <translation>Aucun prix n&apos;est connu pour ce modèle&#xa0;; aucun coût n&apos;est donc affiché (définissez-en un dans Fichier &gt; Modèles…).</translation>
    </message>
    <message>
        <source>up to $%1 with the answer</source>
        <translation>jusqu&apos;à %1 $ avec la réponse</translation>
    </message>
    <message>
        <source>With the answer: the input plus at most %1 output tokens (Max tokens) at %2 per million output tokens; a shorter answer costs less.</source>
        <translation>Avec la réponse&#xa0;: l&apos;entrée plus %1 jetons en sortie au maximum (Jetons de sortie max.) à %2 par million de jetons en sortie&#xa0;; une réponse plus courte coûte moins cher.</translation>
    </message>
    <message>
        <source>≈ ? tokens</source>
        <translation>≈&#xa0;? jetons</translation>
    </message>
    <message>
        <source>The tokens could not be counted: %1</source>
        <translation>Impossible de compter les jetons&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>mantle::ui::PlaygroundServices</name>
    <message>
        <source>Demo (local emulator)</source>
        <translation>Démo (émulateur local)</translation>
    </message>
    <message>
        <source>The demo account could not start its emulator: %1</source>
        <translation>Le compte de démo n&apos;a pas pu démarrer son émulateur&#xa0;: %1</translation>
    </message>
    <message>
        <source>Another program may hold the local network; restart the app or add an AWS account with File &gt; Accounts….</source>
        <translation>Un autre programme occupe peut-être le réseau local&#xa0;; redémarrez l&apos;application ou ajoutez un compte AWS avec Fichier &gt; Comptes….</translation>
    </message>
    <message>
        <source>The demo account is not running.</source>
        <translation>Le compte de démo n&apos;est pas en cours d&apos;exécution.</translation>
    </message>
    <message>
        <source>Restart the app with --demo, or choose another account.</source>
        <translation>Redémarrez l&apos;application avec --demo, ou choisissez un autre compte.</translation>
    </message>
    <message>
        <source>The demo account is not running, so its address is unknown.</source>
        <translation>Le compte de démo n&apos;est pas en cours d&apos;exécution&#xa0;: son adresse est donc inconnue.</translation>
    </message>
    <message>
        <source>The account “%1” does not sign with SigV4, so no short-term API key can be made from it.</source>
        <translation>Le compte «&#xa0;%1&#xa0;» ne signe pas avec SigV4&#xa0;: impossible d&apos;en tirer une clé d&apos;API à court terme.</translation>
    </message>
    <message>
        <source>Use an account with access keys or a role.</source>
        <translation>Utilisez un compte avec des clés d&apos;accès ou un rôle.</translation>
    </message>
    <message>
        <source>The account has no SigV4 credentials.</source>
        <translation>Le compte n&apos;a pas d&apos;informations d&apos;identification SigV4.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Préférences</translation>
    </message>
    <message>
        <source>System language (%1)</source>
        <translation>Langue du système (%1)</translation>
    </message>
    <message>
        <source>A new language is used from the next start of Mantle Playground.</source>
        <translation>Une nouvelle langue s&apos;applique à partir du prochain démarrage de Mantle Playground.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Langue&#xa0;:</translation>
    </message>
</context>
<context>
    <name>mantle::ui::RecordedEventTableModel</name>
    <message>
        <source>Time (ms)</source>
        <translation>Temps (ms)</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Événement</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Données</translation>
    </message>
</context>
<context>
    <name>mantle::ui::RegionMatrixView</name>
    <message>
        <source>&amp;Use this region</source>
        <translation>&amp;Utiliser cette région</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Compte</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Any model (count only)</source>
        <translation>Tous les modèles (décompte uniquement)</translation>
    </message>
    <message>
        <source>%v of %m regions</source>
        <translation>%v régions sur %m</translation>
    </message>
    <message>
        <source>Use the selected region with this account and model</source>
        <translation>Utiliser la région sélectionnée avec ce compte et ce modèle</translation>
    </message>
    <message>
        <source>Regions</source>
        <translation>Régions</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Région</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Serves model</source>
        <translation>Sert le modèle</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modèles</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>Latence (ms)</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>A&amp;ccount:</source>
        <translation>&amp;Compte&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modèle&#xa0;:</translation>
    </message>
    <message>
        <source>This account sends every region to the same endpoint, %1: each row shows what that endpoint answers for the region (with SigV4, the region the request is signed for), not what the region&apos;s own Mantle endpoint serves.</source>
        <translation>Ce compte envoie toutes les régions au même point de terminaison, %1&#xa0;: chaque ligne montre ce que ce point de terminaison répond pour la région (avec SigV4, la région pour laquelle la requête est signée), et non ce que sert le point de terminaison Mantle propre à la région.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Arrêté.</translation>
    </message>
    <message>
        <source>Choose an account first.</source>
        <translation>Choisissez d&apos;abord un compte.</translation>
    </message>
    <message>
        <source>Resolving the account…</source>
        <translation>Résolution du compte…</translation>
    </message>
    <message>
        <source>No region answered.</source>
        <translation>Aucune région n&apos;a répondu.</translation>
    </message>
    <message numerus="yes">
        <source>%n region(s) list %1.</source>
        <translation>
            <numerusform>%n région liste %1.</numerusform>
            <numerusform>%n régions listent %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n region(s) answered.</source>
        <translation>
            <numerusform>%n région a répondu.</numerusform>
            <numerusform>%n régions ont répondu.</numerusform>
        </translation>
    </message>
    <message>
        <source>Checking the regions…</source>
        <translation>Vérification des régions…</translation>
    </message>
    <message>
        <source>The region lists %1.</source>
        <translation>La région liste %1.</translation>
    </message>
    <message>
        <source>The region does not list %1.</source>
        <translation>La région ne liste pas %1.</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Arrêter</translation>
    </message>
    <message>
        <source>Check &amp;regions</source>
        <translation>&amp;Vérifier les régions</translation>
    </message>
    <message>
        <source>Stop the regions still pending</source>
        <translation>Arrêter les régions encore en attente</translation>
    </message>
    <message>
        <source>Ask all 13 regions for their model list at once</source>
        <translation>Demander en même temps aux 13 régions leur liste de modèles</translation>
    </message>
</context>
<context>
    <name>mantle::ui::SchemaEditor</name>
    <message>
        <source>Person</source>
        <translation>Personne</translation>
    </message>
    <message>
        <source>List of items</source>
        <translation>Liste d&apos;éléments</translation>
    </message>
    <message>
        <source>Classification (enum)</source>
        <translation>Classification (enum)</translation>
    </message>
    <message>
        <source>Nested address</source>
        <translation>Adresse imbriquée</translation>
    </message>
    <message>
        <source>Structured output</source>
        <translation>Sortie structurée</translation>
    </message>
    <message>
        <source>Use structured output</source>
        <translation>Utiliser la sortie structurée</translation>
    </message>
    <message>
        <source>Ask for JSON that follows the schema below</source>
        <translation>Demander du JSON conforme au schéma ci-dessous</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <source>Schema name</source>
        <translation>Nom du schéma</translation>
    </message>
    <message>
        <source>Letters, digits, _ and -, at most 64 characters</source>
        <translation>Lettres, chiffres, _ et -, 64 caractères au plus</translation>
    </message>
    <message>
        <source>&amp;Strict</source>
        <translation>&amp;Strict</translation>
    </message>
    <message>
        <source>Strict schema adherence</source>
        <translation>Respect strict du schéma</translation>
    </message>
    <message>
        <source>Strict structured output: the model is held to the schema, which must then follow the strict-mode rules listed below</source>
        <translation>Sortie structurée stricte&#xa0;: le modèle est tenu de respecter le schéma, qui doit alors suivre les règles du mode strict listées ci-dessous</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>Exemples</translation>
    </message>
    <message>
        <source>Example schemas</source>
        <translation>Exemples de schémas</translation>
    </message>
    <message>
        <source>JSON schema</source>
        <translation>Schéma JSON</translation>
    </message>
    <message>
        <source>A JSON Schema, e.g. from the Examples menu</source>
        <translation>Un JSON Schema, par exemple tiré du menu Exemples</translation>
    </message>
    <message>
        <source>Schema status</source>
        <translation>État du schéma</translation>
    </message>
    <message>
        <source>Fix &amp;all</source>
        <translation>&amp;Tout corriger</translation>
    </message>
    <message>
        <source>Fix all strict-mode findings</source>
        <translation>Corriger tous les problèmes de mode strict</translation>
    </message>
    <message>
        <source>Make every change listed that has a fix</source>
        <translation>Appliquer chaque modification listée qui dispose d&apos;un correctif</translation>
    </message>
    <message>
        <source>Last output</source>
        <translation>Dernière sortie</translation>
    </message>
    <message>
        <source>Output check</source>
        <translation>Vérification de la sortie</translation>
    </message>
    <message>
        <source>Schema violations in the output</source>
        <translation>Violations du schéma dans la sortie</translation>
    </message>
    <message>
        <source>Last output, pretty-printed</source>
        <translation>Dernière sortie, mise en forme</translation>
    </message>
    <message>
        <source>Write a JSON Schema or pick one from Examples.</source>
        <translation>Écrivez un JSON Schema ou choisissez-en un dans Exemples.</translation>
    </message>
    <message>
        <source>Not valid JSON at line %1, column %2: %3</source>
        <translation>JSON non valide à la ligne %1, colonne %2&#xa0;: %3</translation>
    </message>
    <message>
        <source>A schema is a JSON object ({ ... }).</source>
        <translation>Un schéma est un objet JSON ({ ... }).</translation>
    </message>
    <message>
        <source>Valid schema.</source>
        <translation>Schéma valide.</translation>
    </message>
    <message>
        <source>Valid schema; it follows the strict-mode rules.</source>
        <translation>Schéma valide&#xa0;; il respecte les règles du mode strict.</translation>
    </message>
    <message>
        <source>Valid schema, but strict mode will refuse it:</source>
        <translation>Schéma valide, mais le mode strict le refusera&#xa0;:</translation>
    </message>
    <message>
        <source>(root)</source>
        <translation>(racine)</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&#xa0;: %2</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>Correctif</translation>
    </message>
    <message>
        <source>Fix: %1</source>
        <translation>Correctif&#xa0;: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n strict-mode finding(s):</source>
        <translation>
            <numerusform>%n problème de mode strict&#xa0;:</numerusform>
            <numerusform>%n problèmes de mode strict&#xa0;:</numerusform>
        </translation>
    </message>
    <message>
        <source>The answer is not JSON (line %1, column %2: %3).</source>
        <translation>La réponse n&apos;est pas du JSON (ligne %1, colonne %2&#xa0;: %3).</translation>
    </message>
    <message>
        <source>The answer is JSON; there is no valid schema to check it against.</source>
        <translation>La réponse est du JSON&#xa0;; aucun schéma valide ne permet de la vérifier.</translation>
    </message>
    <message>
        <source>The answer matches the schema.</source>
        <translation>La réponse est conforme au schéma.</translation>
    </message>
    <message numerus="yes">
        <source>The answer breaks the schema in %n place(s):</source>
        <translation>
            <numerusform>La réponse enfreint le schéma à %n endroit&#xa0;:</numerusform>
            <numerusform>La réponse enfreint le schéma à %n endroits&#xa0;:</numerusform>
        </translation>
    </message>
    <message>
        <source>The next answer is shown here and checked against the schema.</source>
        <translation>La prochaine réponse s&apos;affiche ici et est vérifiée par rapport au schéma.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::SelfCheck</name>
    <message>
        <source>Self-check failed: %1</source>
        <translation>Échec de l&apos;autotest&#xa0;: %1</translation>
    </message>
    <message>
        <source>Mantle Playground %1 self-check</source>
        <translation>Autotest de Mantle Playground %1</translation>
    </message>
    <message>
        <source>Qt %1, platform “%2”</source>
        <translation>Qt %1, plateforme «&#xa0;%2&#xa0;»</translation>
    </message>
    <message>
        <source>Language: %1 (locale %2, translation %3)</source>
        <translation>Langue&#xa0;: %1 (paramètres régionaux %2, traduction %3)</translation>
    </message>
    <message>
        <source>none loaded</source>
        <translation>aucune chargée</translation>
    </message>
    <message>
        <source>Qt&apos;s own translation: %1</source>
        <translation>Traduction propre à Qt&#xa0;: %1</translation>
    </message>
    <message>
        <source>none for this language</source>
        <translation>aucune pour cette langue</translation>
    </message>
    <message>
        <source>cannot create a temporary directory (%1).</source>
        <translation>impossible de créer un répertoire temporaire (%1).</translation>
    </message>
    <message>
        <source>the built-in emulator did not start.</source>
        <translation>l&apos;émulateur intégré n&apos;a pas démarré.</translation>
    </message>
    <message>
        <source>the main window could not be painted.</source>
        <translation>la fenêtre principale n&apos;a pas pu être dessinée.</translation>
    </message>
    <message>
        <source>Main window: painted at %1×%2</source>
        <translation>Fenêtre principale&#xa0;: dessinée en %1×%2</translation>
    </message>
    <message>
        <source>Say hello to the self-check.</source>
        <translation>Dis bonjour à l&apos;autotest.</translation>
    </message>
    <message>
        <source>the demo request failed: %1</source>
        <translation>la requête de démo a échoué&#xa0;: %1</translation>
    </message>
    <message numerus="yes">
        <source>Demo request (Chat Completions, %1): %n character(s) in %2 ms</source>
        <translation>
            <numerusform>Requête de démo (Chat Completions, %1)&#xa0;: %n caractère en %2 ms</numerusform>
            <numerusform>Requête de démo (Chat Completions, %1)&#xa0;: %n caractères en %2 ms</numerusform>
        </translation>
    </message>
    <message>
        <source>Self-check passed.</source>
        <translation>Autotest réussi.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::SessionListModel</name>
    <message>
        <source>Yesterday</source>
        <translation>Hier</translation>
    </message>
    <message>
        <source>%1
The file is left as it is: %2</source>
        <translation>%1
Le fichier est laissé tel quel&#xa0;: %2</translation>
    </message>
    <message>
        <source>Cannot be opened: %1</source>
        <translation>Impossible d&apos;ouvrir&#xa0;: %1</translation>
    </message>
    <message>
        <source>Untitled session</source>
        <translation>Session sans titre</translation>
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
        <translation>Sessions</translation>
    </message>
    <message>
        <source>New session</source>
        <translation>Nouvelle session</translation>
    </message>
    <message>
        <source>Start a new session</source>
        <translation>Démarrer une nouvelle session</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importer…</translation>
    </message>
    <message>
        <source>Import a session file</source>
        <translation>Importer un fichier de session</translation>
    </message>
    <message>
        <source>Import a session</source>
        <translation>Importer une session</translation>
    </message>
    <message>
        <source>Search sessions</source>
        <translation>Rechercher des sessions</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Renommer</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Dupliquer</translation>
    </message>
    <message>
        <source>Export as JSON…</source>
        <translation>Exporter en JSON…</translation>
    </message>
    <message>
        <source>Export as Markdown…</source>
        <translation>Exporter en Markdown…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>No sessions yet.</source>
        <translation>Aucune session pour l&apos;instant.</translation>
    </message>
    <message>
        <source>No session matches “%1”.</source>
        <translation>Aucune session ne correspond à «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>Session not deleted</source>
        <translation>Session non supprimée</translation>
    </message>
    <message>
        <source>“%1” could not be read, so it is not deleted here: the file is left untouched.</source>
        <translation>Impossible de lire «&#xa0;%1&#xa0;»&#xa0;: la session n&apos;est donc pas supprimée ici et le fichier reste intact.</translation>
    </message>
    <message>
        <source>The file is %1
%2</source>
        <translation>Le fichier est %1
%2</translation>
    </message>
    <message>
        <source>Delete session</source>
        <translation>Supprimer la session</translation>
    </message>
    <message>
        <source>Delete “%1”?</source>
        <translation>Supprimer «&#xa0;%1&#xa0;»&#xa0;?</translation>
    </message>
    <message>
        <source>Its file is removed from disk. This cannot be undone.</source>
        <translation>Son fichier est supprimé du disque. Cette action est irréversible.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ShortTermKeyDialog</name>
    <message>
        <source>Short-term API key for %1</source>
        <translation>Clé d&apos;API à court terme pour %1</translation>
    </message>
    <message>
        <source>A short-term Bedrock API key is made on this computer from the account&apos;s SigV4 credentials (a role account asks STS for them first). It works in the account&apos;s region only, for at most 12 hours or as long as the credentials last, and is kept in memory only: it is never saved.</source>
        <translation>Une clé d&apos;API Bedrock à court terme est créée sur cet ordinateur à partir des informations d&apos;identification SigV4 du compte (un compte de rôle les demande d&apos;abord à STS). Elle ne fonctionne que dans la région du compte, pendant 12 heures au plus ou tant que durent les informations d&apos;identification, et n&apos;est conservée qu&apos;en mémoire&#xa0;: elle n&apos;est jamais enregistrée.</translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation>15 minutes</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 heure</translation>
    </message>
    <message>
        <source>4 hours</source>
        <translation>4 heures</translation>
    </message>
    <message>
        <source>12 hours</source>
        <translation>12 heures</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Générer</translation>
    </message>
    <message>
        <source>&amp;Lifetime:</source>
        <translation>&amp;Durée de validité&#xa0;:</translation>
    </message>
    <message>
        <source>Short-term API key</source>
        <translation>Clé d&apos;API à court terme</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Afficher</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copier</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>C&amp;lé&#xa0;:</translation>
    </message>
    <message>
        <source>Region:</source>
        <translation>Région&#xa0;:</translation>
    </message>
    <message>
        <source>Expiry:</source>
        <translation>Expiration&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Use for This Session</source>
        <translation>&amp;Utiliser pour cette session</translation>
    </message>
    <message>
        <source>Until the key expires, this account&apos;s requests in its region go with the key instead of a SigV4 signature.</source>
        <translation>Jusqu&apos;à l&apos;expiration de la clé, les requêtes de ce compte dans sa région utilisent la clé au lieu d&apos;une signature SigV4.</translation>
    </message>
    <message>
        <source>S&amp;top Using</source>
        <translation>&amp;Ne plus utiliser</translation>
    </message>
    <message>
        <source>Not generated yet</source>
        <translation>Pas encore générée</translation>
    </message>
    <message>
        <source>%1, shortened to the end of the account&apos;s temporary credentials</source>
        <translation>%1, durée réduite à celle des informations d&apos;identification temporaires du compte</translation>
    </message>
    <message>
        <source>This account&apos;s requests go with a short-term key; %1.</source>
        <translation>Les requêtes de ce compte utilisent une clé à court terme&#xa0;; elle %1.</translation>
    </message>
    <message>
        <source>This account&apos;s requests are signed with SigV4.</source>
        <translation>Les requêtes de ce compte sont signées avec SigV4.</translation>
    </message>
    <message>
        <source>in %1 h %2 min</source>
        <translation>dans %1 h %2 min</translation>
    </message>
    <message>
        <source>in %1 min</source>
        <translation>dans %1 min</translation>
    </message>
    <message>
        <source>expires at %1 (%2)</source>
        <translation>expire à %1 (%2)</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Raccourci</translation>
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
        <translation>Les arguments ne sont pas du JSON valide&#xa0;: %1 (à l&apos;octet %2).</translation>
    </message>
    <message>
        <source>The arguments are JSON but not a JSON object.</source>
        <translation>Les arguments sont du JSON, mais pas un objet JSON.</translation>
    </message>
    <message>
        <source>The arguments are valid JSON, but no tool of this name is defined.</source>
        <translation>Les arguments sont du JSON valide, mais aucun outil de ce nom n&apos;est défini.</translation>
    </message>
    <message>
        <source>The arguments are valid JSON (the tool has no parameter schema).</source>
        <translation>Les arguments sont du JSON valide (l&apos;outil n&apos;a pas de schéma de paramètres).</translation>
    </message>
    <message>
        <source>The arguments are valid JSON; the tool&apos;s schema cannot be checked: %1</source>
        <translation>Les arguments sont du JSON valide&#xa0;; impossible de vérifier le schéma de l&apos;outil&#xa0;: %1</translation>
    </message>
    <message>
        <source>The arguments are valid JSON and match the tool&apos;s schema.</source>
        <translation>Les arguments sont du JSON valide et conformes au schéma de l&apos;outil.</translation>
    </message>
    <message>
        <source>The arguments are valid JSON but do not match the tool&apos;s schema:
%1</source>
        <translation>Les arguments sont du JSON valide, mais ne sont pas conformes au schéma de l&apos;outil&#xa0;:
%1</translation>
    </message>
    <message>
        <source>Tool calls summary</source>
        <translation>Résumé des appels d&apos;outil</translation>
    </message>
    <message>
        <source>Tool calls</source>
        <translation>Appels d&apos;outil</translation>
    </message>
    <message>
        <source>&amp;Fill Canned Results</source>
        <translation>&amp;Remplir les résultats prédéfinis</translation>
    </message>
    <message>
        <source>Fill canned results</source>
        <translation>Remplir les résultats prédéfinis</translation>
    </message>
    <message>
        <source>Fill every empty result with its tool&apos;s canned result.</source>
        <translation>Remplir chaque résultat vide avec le résultat prédéfini de son outil.</translation>
    </message>
    <message>
        <source>&amp;Send Results</source>
        <translation>&amp;Envoyer les résultats</translation>
    </message>
    <message>
        <source>Send results</source>
        <translation>Envoyer les résultats</translation>
    </message>
    <message>
        <source>Call of %1</source>
        <translation>Appel de %1</translation>
    </message>
    <message>
        <source>Tool name</source>
        <translation>Nom de l&apos;outil</translation>
    </message>
    <message>
        <source>call id: %1</source>
        <translation>ID d&apos;appel&#xa0;: %1</translation>
    </message>
    <message>
        <source>Call id</source>
        <translation>ID d&apos;appel</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>Arguments</translation>
    </message>
    <message>
        <source>Arguments check</source>
        <translation>Vérification des arguments</translation>
    </message>
    <message>
        <source>Result of %1</source>
        <translation>Résultat de %1</translation>
    </message>
    <message>
        <source>The tool&apos;s result (text or JSON)</source>
        <translation>Le résultat de l&apos;outil (texte ou JSON)</translation>
    </message>
    <message>
        <source>The tool failed (send the result as an error)</source>
        <translation>L&apos;outil a échoué (envoyer le résultat comme une erreur)</translation>
    </message>
    <message>
        <source>Tool failed</source>
        <translation>Échec de l&apos;outil</translation>
    </message>
    <message>
        <source>Messages sends is_error; Chat and Responses have no error flag, so say in the result that it failed.</source>
        <translation>Messages envoie is_error&#xa0;; Chat et Responses n&apos;ont pas d&apos;indicateur d&apos;erreur&#xa0;: indiquez donc l&apos;échec dans le résultat.</translation>
    </message>
    <message>
        <source>Result:</source>
        <translation>Résultat&#xa0;:</translation>
    </message>
    <message>
        <source>No tool calls to answer.</source>
        <translation>Aucun appel d&apos;outil auquel répondre.</translation>
    </message>
    <message numerus="yes">
        <source>The model called %n tool(s); %1 answered.</source>
        <translation>
            <numerusform>Le modèle a appelé %n outil&#xa0;; réponses fournies&#xa0;: %1.</numerusform>
            <numerusform>Le modèle a appelé %n outils&#xa0;; réponses fournies&#xa0;: %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mantle::ui::ToolExamples</name>
    <message>
        <source>Get the current weather in a city.</source>
        <translation>Obtenir la météo actuelle d&apos;une ville.</translation>
    </message>
    <message>
        <source>Search the documentation and return the best matches.</source>
        <translation>Rechercher dans la documentation et renvoyer les meilleurs résultats.</translation>
    </message>
    <message>
        <source>Get the current date and time in a time zone.</source>
        <translation>Obtenir la date et l&apos;heure actuelles dans un fuseau horaire.</translation>
    </message>
    <message>
        <source>Evaluate an arithmetic expression exactly.</source>
        <translation>Évaluer exactement une expression arithmétique.</translation>
    </message>
    <message>
        <source>Create a calendar event with attendees.</source>
        <translation>Créer un événement d&apos;agenda avec des participants.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ToolsEditor</name>
    <message>
        <source>Tools</source>
        <translation>Outils</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Ajouter</translation>
    </message>
    <message>
        <source>Add a tool</source>
        <translation>Ajouter un outil</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>D&amp;upliquer</translation>
    </message>
    <message>
        <source>Duplicate the tool</source>
        <translation>Dupliquer l&apos;outil</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <source>Remove the tool</source>
        <translation>Supprimer l&apos;outil</translation>
    </message>
    <message>
        <source>Examp&amp;les</source>
        <translation>Exe&amp;mples</translation>
    </message>
    <message>
        <source>Add an example tool</source>
        <translation>Ajouter un exemple d&apos;outil</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importer…</translation>
    </message>
    <message>
        <source>Import tools from a JSON file</source>
        <translation>Importer des outils depuis un fichier JSON</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xporter…</translation>
    </message>
    <message>
        <source>Export the tools to a JSON file</source>
        <translation>Exporter les outils dans un fichier JSON</translation>
    </message>
    <message>
        <source>Function name</source>
        <translation>Nom de la fonction</translation>
    </message>
    <message>
        <source>get_weather</source>
        <translation>get_weather</translation>
    </message>
    <message>
        <source>Function name problem</source>
        <translation>Problème de nom de fonction</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <source>Function description</source>
        <translation>Description de la fonction</translation>
    </message>
    <message>
        <source>What the function does and when to call it.</source>
        <translation>Ce que fait la fonction et quand l&apos;appeler.</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Description&#xa0;:</translation>
    </message>
    <message>
        <source>Parameters JSON schema</source>
        <translation>Schéma JSON des paramètres</translation>
    </message>
    <message>
        <source>{&quot;type&quot;: &quot;object&quot;, &quot;properties&quot;: {}} — empty for no arguments</source>
        <translation>{&quot;type&quot;: &quot;object&quot;, &quot;properties&quot;: {}} — vide si aucun argument</translation>
    </message>
    <message>
        <source>Parameters check</source>
        <translation>Vérification des paramètres</translation>
    </message>
    <message>
        <source>&amp;Format</source>
        <translation>Mettre en &amp;forme</translation>
    </message>
    <message>
        <source>Format the parameters JSON</source>
        <translation>Mettre en forme le JSON des paramètres</translation>
    </message>
    <message>
        <source>&amp;Parameters:</source>
        <translation>&amp;Paramètres&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Strict</source>
        <translation>&amp;Strict</translation>
    </message>
    <message>
        <source>Strict arguments</source>
        <translation>Arguments stricts</translation>
    </message>
    <message>
        <source>Checked: the arguments must follow the schema exactly. Unchecked: strict off. Partly checked: not sent, the surface&apos;s default applies (Responses: strict).</source>
        <translation>Coché&#xa0;: les arguments doivent suivre exactement le schéma. Décoché&#xa0;: mode strict désactivé. Partiellement coché&#xa0;: non envoyé, la valeur par défaut de la surface s&apos;applique (Responses&#xa0;: strict).</translation>
    </message>
    <message>
        <source>Canned result</source>
        <translation>Résultat prédéfini</translation>
    </message>
    <message>
        <source>The result to fill in when the model calls this tool.</source>
        <translation>Le résultat à renseigner lorsque le modèle appelle cet outil.</translation>
    </message>
    <message>
        <source>&amp;Canned result:</source>
        <translation>&amp;Résultat prédéfini&#xa0;:</translation>
    </message>
    <message>
        <source>Tool choice</source>
        <translation>Choix d&apos;outil</translation>
    </message>
    <message>
        <source>&amp;Tool choice:</source>
        <translation>&amp;Choix d&apos;outil&#xa0;:</translation>
    </message>
    <message>
        <source>Give the function a name.</source>
        <translation>Donnez un nom à la fonction.</translation>
    </message>
    <message>
        <source>A function name has 1 to 64 letters (a–z, A–Z), digits, “_” or “-”.</source>
        <translation>Un nom de fonction compte de 1 à 64 lettres (a–z, A–Z), chiffres, «&#xa0;_&#xa0;» ou «&#xa0;-&#xa0;».</translation>
    </message>
    <message>
        <source>Another tool above has this name.</source>
        <translation>Un autre outil ci-dessus porte ce nom.</translation>
    </message>
    <message>
        <source>Not valid JSON: %1 at line %2, column %3.</source>
        <translation>JSON non valide&#xa0;: %1 à la ligne %2, colonne %3.</translation>
    </message>
    <message>
        <source>The parameters must be a JSON object (an object schema).</source>
        <translation>Les paramètres doivent être un objet JSON (un schéma d&apos;objet).</translation>
    </message>
    <message>
        <source>The parameters must be an object schema: add &quot;type&quot;: &quot;object&quot;.</source>
        <translation>Les paramètres doivent être un schéma d&apos;objet&#xa0;: ajoutez &quot;type&quot;: &quot;object&quot;.</translation>
    </message>
    <message>
        <source>Not a usable JSON schema: %1</source>
        <translation>Schéma JSON inutilisable&#xa0;: %1</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2.</source>
        <translation>Impossible de lire «&#xa0;%1&#xa0;»&#xa0;: %2.</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2.</source>
        <translation>Impossible d&apos;écrire «&#xa0;%1&#xa0;»&#xa0;: %2.</translation>
    </message>
    <message>
        <source>Import Tools</source>
        <translation>Importer des outils</translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>Fichiers JSON (*.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Export Tools</source>
        <translation>Exporter les outils</translation>
    </message>
    <message>
        <source>Write the tools in the shape of:</source>
        <translation>Écrire les outils au format&#xa0;:</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(sans nom)</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>valide</translation>
    </message>
    <message>
        <source>problem: %1</source>
        <translation>problème&#xa0;: %1</translation>
    </message>
    <message>
        <source>No arguments.</source>
        <translation>Aucun argument.</translation>
    </message>
    <message>
        <source>Valid object schema.</source>
        <translation>Schéma d&apos;objet valide.</translation>
    </message>
    <message>
        <source>Default (not sent)</source>
        <translation>Par défaut (non envoyé)</translation>
    </message>
    <message>
        <source>Auto: the model decides</source>
        <translation>Auto&#xa0;: le modèle décide</translation>
    </message>
    <message>
        <source>None: no tool calls</source>
        <translation>Aucun&#xa0;: aucun appel d&apos;outil</translation>
    </message>
    <message>
        <source>Required: at least one call</source>
        <translation>Obligatoire&#xa0;: au moins un appel</translation>
    </message>
    <message>
        <source>Call %1</source>
        <translation>Appeler %1</translation>
    </message>
</context>
</TS>
