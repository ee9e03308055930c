<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ConversationItemLayout</name>
    <message>
        <source>Tool call · %1</source>
        <translation>Tool-Aufruf · %1</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>Reasoning</translation>
    </message>
    <message>
        <source>Reasoning (hidden)</source>
        <translation>Reasoning (ausgeblendet)</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Streaming…</source>
        <translation>Streaming…</translation>
    </message>
</context>
<context>
    <name>mantle::JsonFieldReader</name>
    <message>
        <source>a JSON object</source>
        <translation>ein JSON-Objekt</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is invalid: expected %2.</source>
        <translation>Das Feld &quot;%1&quot; ist ungültig: erwartet wird %2.</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>eine Zeichenkette</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true oder false</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>eine ganze Zahl</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>eine Zahl</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>eine Liste</translation>
    </message>
    <message>
        <source>a date and time such as %1</source>
        <translation>ein Datum mit Uhrzeit wie %1</translation>
    </message>
    <message>
        <source>base64 text</source>
        <translation>Base64-Text</translation>
    </message>
</context>
<context>
    <name>mantle::Regions</name>
    <message>
        <source>US East (N. Virginia)</source>
        <translation>USA Ost (Nord-Virginia)</translation>
    </message>
    <message>
        <source>US East (Ohio)</source>
        <translation>USA Ost (Ohio)</translation>
    </message>
    <message>
        <source>US West (Oregon)</source>
        <translation>USA West (Oregon)</translation>
    </message>
    <message>
        <source>Asia Pacific (Mumbai)</source>
        <translation>Asien-Pazifik (Mumbai)</translation>
    </message>
    <message>
        <source>Asia Pacific (Jakarta)</source>
        <translation>Asien-Pazifik (Jakarta)</translation>
    </message>
    <message>
        <source>Asia Pacific (Sydney)</source>
        <translation>Asien-Pazifik (Sydney)</translation>
    </message>
    <message>
        <source>Asia Pacific (Tokyo)</source>
        <translation>Asien-Pazifik (Tokio)</translation>
    </message>
    <message>
        <source>Europe (Frankfurt)</source>
        <translation>Europa (Frankfurt)</translation>
    </message>
    <message>
        <source>Europe (Ireland)</source>
        <translation>Europa (Irland)</translation>
    </message>
    <message>
        <source>Europe (London)</source>
        <translation>Europa (London)</translation>
    </message>
    <message>
        <source>Europe (Milan)</source>
        <translation>Europa (Mailand)</translation>
    </message>
    <message>
        <source>Europe (Stockholm)</source>
        <translation>Europa (Stockholm)</translation>
    </message>
    <message>
        <source>South America (São Paulo)</source>
        <translation>Südamerika (São Paulo)</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::Account</name>
    <message>
        <source>The account name must be 1 to %1 characters, without &apos;/&apos;, &apos;\&apos;, control characters or blanks at either end.</source>
        <translation>Der Kontoname muss 1 bis %1 Zeichen lang sein, ohne &apos;/&apos;, &apos;\&apos;, Steuerzeichen oder Leerzeichen am Anfang oder Ende.</translation>
    </message>
    <message>
        <source>Account “%1”: “%2” is not a Mantle region; use one of %3.</source>
        <translation>Konto „%1“: „%2“ ist keine Mantle-Region; verwenden Sie eine von %3.</translation>
    </message>
    <message>
        <source>Account “%1”: the endpoint is not usable: %2</source>
        <translation>Konto „%1“: Der Endpunkt ist nicht verwendbar: %2</translation>
    </message>
    <message>
        <source>The access key id</source>
        <translation>Die Zugriffsschlüssel-ID</translation>
    </message>
    <message>
        <source>Account “%1”: %2</source>
        <translation>Konto „%1“: %2</translation>
    </message>
    <message>
        <source>Account “%1”: an assumed role needs the name of the account whose keys assume it.</source>
        <translation>Konto „%1“: Eine übernommene Rolle braucht den Namen des Kontos, dessen Schlüssel sie übernehmen.</translation>
    </message>
    <message>
        <source>Account “%1”: a role cannot be its own source account.</source>
        <translation>Konto „%1“: Eine Rolle kann nicht ihr eigenes Quellkonto sein.</translation>
    </message>
    <message>
        <source>Account “%1”: an assumed role needs the AWS profile whose credentials assume it.</source>
        <translation>Konto „%1“: Eine übernommene Rolle braucht das AWS-Profil, dessen Anmeldeinformationen sie übernehmen.</translation>
    </message>
    <message>
        <source>Account “%1”: unknown auth method “%2” (access-key, role or api-key).</source>
        <translation>Konto „%1“: Unbekannte Authentifizierungsmethode „%2“ (access-key, role oder api-key).</translation>
    </message>
    <message>
        <source>Account “%1”: unknown role source “%2” (account or aws-profile).</source>
        <translation>Konto „%1“: Unbekannte Rollenquelle „%2“ (account oder aws-profile).</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountImporter</name>
    <message>
        <source>AWS profile “%1” uses %2, which accounts do not support.</source>
        <translation>AWS-Profil „%1“ verwendet %2, was Konten nicht unterstützen.</translation>
    </message>
    <message>
        <source>Add the account with access keys or an API key instead.</source>
        <translation>Fügen Sie das Konto stattdessen mit Zugriffsschlüsseln oder einem API-Schlüssel hinzu.</translation>
    </message>
    <message>
        <source>%1 names no region: the account uses %2.</source>
        <translation>%1 nennt keine Region: Das Konto verwendet %2.</translation>
    </message>
    <message>
        <source>%1 names the region %2, which does not serve Mantle: the account uses %3.</source>
        <translation>%1 nennt die Region %2, die Mantle nicht anbietet: Das Konto verwendet %3.</translation>
    </message>
    <message>
        <source>IAM Identity Center (sso_*)</source>
        <translation>IAM Identity Center (sso_*)</translation>
    </message>
    <message>
        <source>AWS profile “%1”</source>
        <translation>AWS-Profil „%1“</translation>
    </message>
    <message>
        <source>Imported from AWS profile “%1”.</source>
        <translation>Aus AWS-Profil „%1“ importiert.</translation>
    </message>
    <message>
        <source>role_arn without source_profile</source>
        <translation>role_arn ohne source_profile</translation>
    </message>
    <message>
        <source>AWS profile “%1” has only one of aws_access_key_id and aws_secret_access_key.</source>
        <translation>AWS-Profil „%1“ enthält nur einen von aws_access_key_id und aws_secret_access_key.</translation>
    </message>
    <message>
        <source>AWS profile “%1” has neither keys nor a role to import.</source>
        <translation>AWS-Profil „%1“ enthält weder Schlüssel noch eine Rolle zum Importieren.</translation>
    </message>
    <message>
        <source>The environment</source>
        <translation>Die Umgebung</translation>
    </message>
    <message>
        <source>Imported from AWS_BEARER_TOKEN_BEDROCK.</source>
        <translation>Aus AWS_BEARER_TOKEN_BEDROCK importiert.</translation>
    </message>
    <message>
        <source>Imported from AWS_ACCESS_KEY_ID.</source>
        <translation>Aus AWS_ACCESS_KEY_ID importiert.</translation>
    </message>
    <message>
        <source>The keys from the environment expire at %1.</source>
        <translation>Die Schlüssel aus der Umgebung laufen am %1 ab.</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountManager</name>
    <message>
        <source>%1 The account “%2” was not saved.</source>
        <translation>%1 Das Konto „%2“ wurde nicht gespeichert.</translation>
    </message>
    <message>
        <source>There is already an account “%1”.</source>
        <translation>Es gibt bereits ein Konto „%1“.</translation>
    </message>
    <message>
        <source>Account “%1” needs its secret access key.</source>
        <translation>Konto „%1“ braucht seinen geheimen Zugriffsschlüssel.</translation>
    </message>
    <message>
        <source>Account “%1” needs its API key.</source>
        <translation>Konto „%1“ braucht seinen API-Schlüssel.</translation>
    </message>
    <message>
        <source>The source account “%1” of “%2” must be an existing access-key account.</source>
        <translation>Das Quellkonto „%1“ von „%2“ muss ein vorhandenes Konto mit Zugriffsschlüssel sein.</translation>
    </message>
    <message>
        <source>The keychain holds no %1 for account “%2”.</source>
        <translation>Im Schlüsselbund ist für Konto „%2“ kein Eintrag „%1“ gespeichert.</translation>
    </message>
    <message>
        <source>Remove the account and add it again.</source>
        <translation>Entfernen Sie das Konto und fügen Sie es erneut hinzu.</translation>
    </message>
    <message>
        <source>There is no account “%1”.</source>
        <translation>Es gibt kein Konto „%1“.</translation>
    </message>
    <message>
        <source>Account “%1” is the source of %2: remove those first.</source>
        <translation>Konto „%1“ ist die Quelle von %2: Entfernen Sie diese zuerst.</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountResolver</name>
    <message>
        <source>The source account “%1” of “%2” is missing or has no access keys.</source>
        <translation>Das Quellkonto „%1“ von „%2“ fehlt oder hat keine Zugriffsschlüssel.</translation>
    </message>
    <message>
        <source>AWS profile “%1” needs an MFA code, which accounts cannot ask for.</source>
        <translation>AWS-Profil „%1“ verlangt einen MFA-Code, den Konten nicht abfragen können.</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::AccountStore</name>
    <message>
        <source>There is no account “%1”.</source>
        <translation>Es gibt kein Konto „%1“.</translation>
    </message>
    <message>
        <source>`mantle accounts list` shows the accounts.</source>
        <translation>`mantle accounts list` zeigt die Konten an.</translation>
    </message>
    <message>
        <source>The settings of account “%1” are broken: %2</source>
        <translation>Die Einstellungen von Konto „%1“ sind beschädigt: %2</translation>
    </message>
    <message>
        <source>There is already an account “%1”.</source>
        <translation>Es gibt bereits ein Konto „%1“.</translation>
    </message>
    <message>
        <source>The settings file “%1” could not be written.</source>
        <translation>Die Einstellungsdatei „%1“ konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2</source>
        <translation>„%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2</source>
        <translation>„%1“ kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>“%1” is too large to be an account file.</source>
        <translation>„%1“ ist zu groß für eine Kontodatei.</translation>
    </message>
    <message>
        <source>“%1” is not an account file exported by Mantle Playground.</source>
        <translation>„%1“ ist keine von Mantle Playground exportierte Kontodatei.</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::ConnectionTest</name>
    <message>
        <source>the source credentials&apos; principal</source>
        <translation>der Prinzipal der Quell-Anmeldeinformationen</translation>
    </message>
    <message>
        <source>The trust policy of %1 must allow sts:AssumeRole for %2, and that principal needs sts:AssumeRole on the role.</source>
        <translation>Die Vertrauensrichtlinie von %1 muss sts:AssumeRole für %2 erlauben, und dieser Prinzipal braucht sts:AssumeRole für die Rolle.</translation>
    </message>
    <message>
        <source>Check that the account&apos;s external ID is the one the trust policy&apos;s sts:ExternalId condition expects.</source>
        <translation>Prüfen Sie, ob die externe ID des Kontos die ist, die die Bedingung sts:ExternalId der Vertrauensrichtlinie erwartet.</translation>
    </message>
    <message>
        <source>If the trust policy has an sts:ExternalId condition, set the external ID it expects on the account.</source>
        <translation>Falls die Vertrauensrichtlinie eine Bedingung sts:ExternalId hat, legen Sie die erwartete externe ID im Konto fest.</translation>
    </message>
    <message>
        <source>a Bedrock API key (Bearer)</source>
        <translation>ein Bedrock-API-Schlüssel (Bearer)</translation>
    </message>
    <message>
        <source>The account has no AWS credentials.</source>
        <translation>Das Konto hat keine AWS-Anmeldeinformationen.</translation>
    </message>
    <message>
        <source>Store the account&apos;s access key (or pick a source for the role).</source>
        <translation>Speichern Sie den Zugriffsschlüssel des Kontos (oder wählen Sie eine Quelle für die Rolle).</translation>
    </message>
    <message>
        <source>access key %1 (%2)</source>
        <translation>Zugriffsschlüssel %1 (%2)</translation>
    </message>
    <message>
        <source>temporary</source>
        <translation>temporär</translation>
    </message>
    <message>
        <source>long-term</source>
        <translation>langfristig</translation>
    </message>
    <message>
        <source>assumed %1 (access key %2)</source>
        <translation>Rolle %1 übernommen (Zugriffsschlüssel %2)</translation>
    </message>
    <message>
        <source>The region “%1” does not serve Bedrock Mantle.</source>
        <translation>Die Region „%1“ bietet Bedrock Mantle nicht an.</translation>
    </message>
    <message>
        <source>Use one of the Mantle regions: %1.</source>
        <translation>Verwenden Sie eine der Mantle-Regionen: %1.</translation>
    </message>
    <message>
        <source>%1, through %2</source>
        <translation>%1, über %2</translation>
    </message>
    <message>
        <source>Allow bedrock-mantle:CallWithBearerToken on &quot;*&quot; for the IAM user that owns the API key (`mantle accounts policy` prints the policy).</source>
        <translation>Erlauben Sie bedrock-mantle:CallWithBearerToken für &quot;*&quot; für den IAM-Benutzer, dem der API-Schlüssel gehört (`mantle accounts policy` gibt die Richtlinie aus).</translation>
    </message>
    <message>
        <source>Allow %1 on arn:aws:bedrock-mantle:%2:%3:project/* for this account&apos;s IAM principal (`mantle accounts policy` prints the policy), or attach the managed policy AmazonBedrockMantleInferenceAccess.</source>
        <translation>Erlauben Sie %1 für arn:aws:bedrock-mantle:%2:%3:project/* für den IAM-Prinzipal dieses Kontos (`mantle accounts policy` gibt die Richtlinie aus), oder fügen Sie die verwaltete Richtlinie AmazonBedrockMantleInferenceAccess an.</translation>
    </message>
    <message>
        <source>The model list answer has no “data” array.</source>
        <translation>Die Antwort der Modellliste enthält kein „data“-Array.</translation>
    </message>
    <message>
        <source>1 model listed</source>
        <translation>1 Modell aufgeführt</translation>
    </message>
    <message>
        <source>%1 models listed</source>
        <translation>%1 Modelle aufgeführt</translation>
    </message>
    <message>
        <source>%1 answered a 1-token Chat Completions request through %2</source>
        <translation>%1 hat eine Chat-Completions-Anfrage mit 1 Token über %2 beantwortet</translation>
    </message>
    <message>
        <source>%1 is served under %2, not the prefix tried first; the route was learned for this account and region.</source>
        <translation>%1 wird unter %2 angeboten, nicht unter dem zuerst versuchten Präfix; die Route wurde für dieses Konto und diese Region gespeichert.</translation>
    </message>
    <message>
        <source>%1 is a third-party model: a first call also needs aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions (with the condition aws:CalledViaLast = bedrock-mantle.amazonaws.com).</source>
        <translation>%1 ist ein Drittanbietermodell: Ein erster Aufruf braucht außerdem aws-marketplace:Subscribe und aws-marketplace:ViewSubscriptions (mit der Bedingung aws:CalledViaLast = bedrock-mantle.amazonaws.com).</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::IamPolicyHelper</name>
    <message>
        <source>Instead of the policy above, attach the AWS managed policy AmazonBedrockMantleInferenceAccess (inference, including the Marketplace subscription for third-party models); AmazonBedrockMantleFullAccess grants everything and AmazonBedrockMantleReadOnly only reading.</source>
        <translation>Statt der obigen Richtlinie können Sie die von AWS verwaltete Richtlinie AmazonBedrockMantleInferenceAccess anfügen (Inferenz, einschließlich des Marketplace-Abonnements für Drittanbietermodelle); AmazonBedrockMantleFullAccess gewährt alles, AmazonBedrockMantleReadOnly nur Lesezugriff.</translation>
    </message>
    <message>
        <source>Attach it to the IAM user that owns the API key.</source>
        <translation>Fügen Sie sie dem IAM-Benutzer an, dem der API-Schlüssel gehört.</translation>
    </message>
    <message>
        <source>Attach it to the role; the trust policy is needed either way.</source>
        <translation>Fügen Sie sie der Rolle an; die Vertrauensrichtlinie ist in jedem Fall nötig.</translation>
    </message>
    <message>
        <source>the IAM user that owns the API key</source>
        <translation>den IAM-Benutzer, dem der API-Schlüssel gehört</translation>
    </message>
    <message>
        <source>the IAM user or role of the access key</source>
        <translation>den IAM-Benutzer oder die IAM-Rolle des Zugriffsschlüssels</translation>
    </message>
    <message>
        <source>Identity policy for %1:</source>
        <translation>Identitätsrichtlinie für %1:</translation>
    </message>
    <message>
        <source>Trust policy of the role:</source>
        <translation>Vertrauensrichtlinie der Rolle:</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::ModelSettingsStore</name>
    <message>
        <source>The saved model settings of “%1” could not be read: %2</source>
        <translation>Die gespeicherten Modelleinstellungen von „%1“ konnten nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>they are not a JSON object.</source>
        <translation>Sie sind kein JSON-Objekt.</translation>
    </message>
    <message>
        <source>“%1” is not an account name.</source>
        <translation>„%1“ ist kein Kontoname.</translation>
    </message>
    <message>
        <source>The settings file “%1” could not be written.</source>
        <translation>Die Einstellungsdatei „%1“ konnte nicht geschrieben werden.</translation>
    </message>
</context>
<context>
    <name>mantle::accounts::SecretStore</name>
    <message>
        <source>No keychain is available (%1).</source>
        <translation>Kein Schlüsselbund verfügbar (%1).</translation>
    </message>
    <message>
        <source>Start a keychain service (GNOME Keyring or KWallet on Linux). Mantle Playground never keeps secrets in plain files.</source>
        <translation>Starten Sie einen Schlüsselbunddienst (unter Linux GNOME Keyring oder KWallet). Mantle Playground speichert Geheimnisse nie in unverschlüsselten Dateien.</translation>
    </message>
    <message>
        <source>The keychain refused access to “%1” (%2).</source>
        <translation>Der Schlüsselbund hat den Zugriff auf „%1“ verweigert (%2).</translation>
    </message>
    <message>
        <source>The keychain failed on “%1” (%2).</source>
        <translation>Fehler im Schlüsselbund bei „%1“ (%2).</translation>
    </message>
    <message>
        <source>The keychain entry “%1” is damaged: %2.</source>
        <translation>Der Schlüsselbundeintrag „%1“ ist beschädigt: %2.</translation>
    </message>
    <message>
        <source>Enter the secret again; saving it stores it anew.</source>
        <translation>Geben Sie das Geheimnis erneut ein; beim Speichern wird es neu abgelegt.</translation>
    </message>
    <message>
        <source>its %1 parts do not belong to one secret</source>
        <translation>seine %1 Teile gehören nicht zu demselben Geheimnis</translation>
    </message>
    <message>
        <source>part %1 of %2 (“%3”) is missing</source>
        <translation>Teil %1 von %2 („%3“) fehlt</translation>
    </message>
    <message>
        <source>The secret for “%1” is too long for the keychain: it has %2 bytes, and the keychain holds at most %3 (%4 entries of %5 bytes).</source>
        <translation>Das Geheimnis für „%1“ ist zu lang für den Schlüsselbund: Es hat %2 Bytes, der Schlüsselbund fasst höchstens %3 (%4 Einträge zu je %5 Bytes).</translation>
    </message>
    <message>
        <source>Check that only the secret was pasted. Nothing was saved.</source>
        <translation>Prüfen Sie, ob nur das Geheimnis eingefügt wurde. Es wurde nichts gespeichert.</translation>
    </message>
    <message>
        <source>its header is not understood</source>
        <translation>sein Header wird nicht erkannt</translation>
    </message>
</context>
<context>
    <name>mantle::api::ErrorClassifier</name>
    <message>
        <source>account %1</source>
        <translation>Konto %1</translation>
    </message>
    <message>
        <source>region %1</source>
        <translation>Region %1</translation>
    </message>
    <message>
        <source>model %1</source>
        <translation>Modell %1</translation>
    </message>
    <message>
        <source>route %1</source>
        <translation>Route %1</translation>
    </message>
    <message>
        <source>no account or region named</source>
        <translation>kein Konto und keine Region angegeben</translation>
    </message>
    <message>
        <source>, </source>
        <comment>separates the parts of an error&apos;s place</comment>
        <translation>, </translation>
    </message>
    <message>
        <source>no HTTP status</source>
        <translation>kein HTTP-Status</translation>
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
        <translation>Statt Mantle hat ein Proxy oder Captive Portal mit einer Webseite geantwortet (HTTP %1; %2).</translation>
    </message>
    <message>
        <source>Check the network: sign in to the captive portal, or set the proxy (HTTPS_PROXY, NO_PROXY) so that requests reach Mantle.</source>
        <translation>Prüfen Sie das Netzwerk: Melden Sie sich beim Captive Portal an oder richten Sie den Proxy ein (HTTPS_PROXY, NO_PROXY), damit Anfragen Mantle erreichen.</translation>
    </message>
    <message>
        <source>The model is not served under this route (%1; %2)</source>
        <translation>Das Modell wird unter dieser Route nicht angeboten (%1; %2)</translation>
    </message>
    <message>
        <source>Call the model under /openai/v1 or /v1, whichever it is served under.</source>
        <translation>Rufen Sie das Modell unter /openai/v1 oder /v1 auf, je nachdem, unter welcher Route es angeboten wird.</translation>
    </message>
    <message>
        <source>Use the route %1 for this model instead (the app retries there once and remembers it).</source>
        <translation>Verwenden Sie für dieses Modell stattdessen die Route %1 (die App versucht es dort einmal erneut und merkt sich die Route).</translation>
    </message>
    <message>
        <source>The model does not support the %1 API (%2; %3).</source>
        <translation>Das Modell unterstützt die %1-API nicht (%2; %3).</translation>
    </message>
    <message>
        <source>Use %1 for this model instead.</source>
        <translation>Verwenden Sie für dieses Modell stattdessen %1.</translation>
    </message>
    <message>
        <source>Mantle refused the request&apos;s signature because this computer&apos;s clock is off by about %1 seconds (%2; %3).</source>
        <translation>Mantle hat die Signatur der Anfrage abgelehnt, weil die Uhr dieses Computers um etwa %1 Sekunden abweicht (%2; %3).</translation>
    </message>
    <message>
        <source>Mantle refused the request&apos;s signature because its time is outside the allowed window, so this computer&apos;s clock is probably wrong (%1; %2).</source>
        <translation>Mantle hat die Signatur der Anfrage abgelehnt, weil ihr Zeitpunkt außerhalb des zulässigen Zeitfensters liegt; die Uhr dieses Computers geht also vermutlich falsch (%1; %2).</translation>
    </message>
    <message>
        <source>Set this computer&apos;s clock to the correct time (turn on automatic time synchronisation), then try again.</source>
        <translation>Stellen Sie die Uhr dieses Computers richtig (aktivieren Sie die automatische Zeitsynchronisierung) und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>The credentials have expired (%1; %2).</source>
        <translation>Die Anmeldeinformationen sind abgelaufen (%1; %2).</translation>
    </message>
    <message>
        <source>Create a new Bedrock API key and update the account.</source>
        <translation>Erstellen Sie einen neuen Bedrock-API-Schlüssel und aktualisieren Sie das Konto.</translation>
    </message>
    <message>
        <source>Refresh the credentials (for example with `aws sso login`, or a new session token for the account), then try again.</source>
        <translation>Erneuern Sie die Anmeldeinformationen (zum Beispiel mit `aws sso login` oder einem neuen Sitzungstoken für das Konto) und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>Mantle did not accept the API key (%1; %2).</source>
        <translation>Mantle hat den API-Schlüssel nicht akzeptiert (%1; %2).</translation>
    </message>
    <message>
        <source>The API key is wrong, expired or revoked: create a new Bedrock API key (long-term keys start with ABSK) and update the account.</source>
        <translation>Der API-Schlüssel ist falsch, abgelaufen oder widerrufen: Erstellen Sie einen neuen Bedrock-API-Schlüssel (langfristige Schlüssel beginnen mit ABSK) und aktualisieren Sie das Konto.</translation>
    </message>
    <message>
        <source>The request was signed for another service (%1; %2)</source>
        <translation>Die Anfrage wurde für einen anderen Service signiert (%1; %2)</translation>
    </message>
    <message>
        <source>Sign requests with the service name bedrock-mantle.</source>
        <translation>Signieren Sie Anfragen mit dem Servicenamen bedrock-mantle.</translation>
    </message>
    <message>
        <source>The request was signed for another region (%1; %2)</source>
        <translation>Die Anfrage wurde für eine andere Region signiert (%1; %2)</translation>
    </message>
    <message>
        <source>Sign requests with the region of the endpoint (%1).</source>
        <translation>Signieren Sie Anfragen mit der Region des Endpunkts (%1).</translation>
    </message>
    <message>
        <source>Mantle did not accept the AWS credentials (%1; %2)</source>
        <translation>Mantle hat die AWS-Anmeldeinformationen nicht akzeptiert (%1; %2)</translation>
    </message>
    <message>
        <source>Check the account&apos;s access key id and secret access key (and the session token, if it has one).</source>
        <translation>Prüfen Sie die Zugriffsschlüssel-ID und den geheimen Zugriffsschlüssel des Kontos (und das Sitzungstoken, falls vorhanden).</translation>
    </message>
    <message>
        <source>Access was denied (%1; %2)</source>
        <translation>Zugriff verweigert (%1; %2)</translation>
    </message>
    <message>
        <source>The model is sold through AWS Marketplace: allow aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions (with the condition aws:CalledViaLast = bedrock-mantle.amazonaws.com), or attach the managed policy AmazonBedrockMantleInferenceAccess.</source>
        <translation>Das Modell wird über AWS Marketplace verkauft: Erlauben Sie aws-marketplace:Subscribe und aws-marketplace:ViewSubscriptions (mit der Bedingung aws:CalledViaLast = bedrock-mantle.amazonaws.com) oder fügen Sie die verwaltete Richtlinie AmazonBedrockMantleInferenceAccess an.</translation>
    </message>
    <message>
        <source>Allow the action %1 for this account&apos;s IAM principal.</source>
        <translation>Erlauben Sie die Aktion %1 für den IAM-Prinzipal dieses Kontos.</translation>
    </message>
    <message>
        <source>Allow bedrock-mantle:CallWithBearerToken on &quot;*&quot; for the IAM principal that owns the API key.</source>
        <translation>Erlauben Sie bedrock-mantle:CallWithBearerToken für &quot;*&quot; für den IAM-Prinzipal, dem der API-Schlüssel gehört.</translation>
    </message>
    <message>
        <source>Allow bedrock-mantle:CreateInference on arn:aws:bedrock-mantle:%1:&lt;account-id&gt;:project/* for this account&apos;s IAM principal, or attach the managed policy AmazonBedrockMantleInferenceAccess.</source>
        <translation>Erlauben Sie bedrock-mantle:CreateInference für arn:aws:bedrock-mantle:%1:&lt;account-id&gt;:project/* für den IAM-Prinzipal dieses Kontos oder fügen Sie die verwaltete Richtlinie AmazonBedrockMantleInferenceAccess an.</translation>
    </message>
    <message>
        <source>The model does not exist here (%1; %2)</source>
        <translation>Das Modell gibt es hier nicht (%1; %2)</translation>
    </message>
    <message>
        <source>Model ids are bare: try %1. `mantle models` lists the region&apos;s models.</source>
        <translation>Modell-IDs haben weder Präfix noch Suffix: Versuchen Sie %1. `mantle models` listet die Modelle der Region auf.</translation>
    </message>
    <message>
        <source>Check the model id: ids are bare, without a -v1:0 suffix or a us./global. prefix. `mantle models` lists the region&apos;s models.</source>
        <translation>Prüfen Sie die Modell-ID: IDs haben weder ein Suffix -v1:0 noch ein Präfix us./global. `mantle models` listet die Modelle der Region auf.</translation>
    </message>
    <message>
        <source>Mantle found nothing there (%1; %2)</source>
        <translation>Mantle hat dort nichts gefunden (%1; %2)</translation>
    </message>
    <message>
        <source>Check the id in the request (for example a response id) and the endpoint, if one is set.</source>
        <translation>Prüfen Sie die ID in der Anfrage (zum Beispiel eine Antwort-ID) und den Endpunkt, falls einer festgelegt ist.</translation>
    </message>
    <message>
        <source>The prompt is too long for the model: %1 tokens, and it takes at most %2 (%3; %4).</source>
        <translation>Der Prompt ist zu lang für das Modell: %1 Tokens, höchstens %2 sind möglich (%3; %4).</translation>
    </message>
    <message>
        <source>The prompt is too long for the model (%1; %2)</source>
        <translation>Der Prompt ist zu lang für das Modell (%1; %2)</translation>
    </message>
    <message>
        <source>Shorten the prompt or the conversation (drop earlier turns or attachments), or choose a model with a longer context.</source>
        <translation>Kürzen Sie den Prompt oder die Unterhaltung (entfernen Sie frühere Beiträge oder Anhänge) oder wählen Sie ein Modell mit längerem Kontext.</translation>
    </message>
    <message>
        <source>Mantle is limiting requests (%1; %2)</source>
        <translation>Mantle drosselt Anfragen (%1; %2)</translation>
    </message>
    <message>
        <source>Try again in %1 s (as Mantle asked). Each endpoint has its own quotas; if this keeps happening, ask for more in Service Quotas.</source>
        <translation>Versuchen Sie es in %1 s erneut (wie von Mantle verlangt). Jeder Endpunkt hat eigene Kontingente; wenn das weiter passiert, beantragen Sie mehr in Service Quotas.</translation>
    </message>
    <message>
        <source>Wait a moment and try again. Each endpoint has its own quotas; if this keeps happening, ask for more in Service Quotas.</source>
        <translation>Warten Sie einen Moment und versuchen Sie es erneut. Jeder Endpunkt hat eigene Kontingente; wenn das weiter passiert, beantragen Sie mehr in Service Quotas.</translation>
    </message>
    <message>
        <source>The model is overloaded (%1; %2)</source>
        <translation>Das Modell ist überlastet (%1; %2)</translation>
    </message>
    <message>
        <source>Mantle had a server error (%1; %2)</source>
        <translation>Serverfehler bei Mantle (%1; %2)</translation>
    </message>
    <message>
        <source>This is on the server&apos;s side: try again in a moment.</source>
        <translation>Das Problem liegt beim Server: Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>This is on the server&apos;s side: try again in a moment. If it keeps happening, give AWS Support the request id %1.</source>
        <translation>Das Problem liegt beim Server: Versuchen Sie es gleich noch einmal. Wenn es weiter auftritt, nennen Sie dem AWS Support die Anfrage-ID %1.</translation>
    </message>
    <message>
        <source>Mantle did not accept the credentials (%1; %2)</source>
        <translation>Mantle hat die Anmeldeinformationen nicht akzeptiert (%1; %2)</translation>
    </message>
    <message>
        <source>Check the account&apos;s access key id and secret access key, and that requests are signed for bedrock-mantle in %1.</source>
        <translation>Prüfen Sie die Zugriffsschlüssel-ID und den geheimen Zugriffsschlüssel des Kontos und ob Anfragen für bedrock-mantle in %1 signiert werden.</translation>
    </message>
    <message>
        <source>Mantle rejected the request (%1; %2)</source>
        <translation>Mantle hat die Anfrage abgelehnt (%1; %2)</translation>
    </message>
    <message>
        <source>Check the request&apos;s parameters against the %1 API.</source>
        <translation>Prüfen Sie die Parameter der Anfrage anhand der %1-API.</translation>
    </message>
    <message>
        <source>Correct what the server&apos;s message names, then send the request again.</source>
        <translation>Korrigieren Sie, was die Servermeldung nennt, und senden Sie die Anfrage erneut.</translation>
    </message>
    <message>
        <source>Mantle answered with an error and an empty body (%1; %2).</source>
        <translation>Mantle hat mit einem Fehler und leerem Body geantwortet (%1; %2).</translation>
    </message>
    <message>
        <source>Mantle answered with an error (%1; %2)</source>
        <translation>Mantle hat mit einem Fehler geantwortet (%1; %2)</translation>
    </message>
    <message>
        <source>If it keeps happening, give AWS Support the request id %1.</source>
        <translation>Wenn es weiter auftritt, nennen Sie dem AWS Support die Anfrage-ID %1.</translation>
    </message>
</context>
<context>
    <name>mantle::api::JsonValueReader</name>
    <message>
        <source>The answer is not valid JSON (%1 at byte %2).</source>
        <translation>Die Antwort ist kein gültiges JSON (%1 bei Byte %2).</translation>
    </message>
    <message>
        <source>The answer is JSON but not an object, as an answer body is.</source>
        <translation>Die Antwort ist JSON, aber kein Objekt, wie es ein Antwort-Body sein muss.</translation>
    </message>
</context>
<context>
    <name>mantle::api::RequestSpec</name>
    <message>
        <source>The request field &quot;%1&quot; is invalid: expected %2.</source>
        <translation>Das Anfragefeld &quot;%1&quot; ist ungültig: erwartet wird %2.</translation>
    </message>
    <message>
        <source>Correct or remove the field and try again.</source>
        <translation>Korrigieren oder entfernen Sie das Feld und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>eine Zeichenkette</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true oder false</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>eine Zahl</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>eine ganze Zahl</translation>
    </message>
    <message>
        <source>a JSON object</source>
        <translation>ein JSON-Objekt</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>eine Liste</translation>
    </message>
    <message>
        <source>one of %1</source>
        <translation>eines von %1</translation>
    </message>
    <message>
        <source>&quot;user&quot;, &quot;assistant&quot; or &quot;tool&quot;</source>
        <translation>&quot;user&quot;, &quot;assistant&quot; oder &quot;tool&quot;</translation>
    </message>
    <message>
        <source>The request field &quot;%1&quot; is invalid: %2</source>
        <translation>Das Anfragefeld &quot;%1&quot; ist ungültig: %2</translation>
    </message>
    <message>
        <source>the %1 API has no such setting.</source>
        <translation>Die %1-API hat keine solche Einstellung.</translation>
    </message>
    <message>
        <source>Remove the setting or choose an API that supports it.</source>
        <translation>Entfernen Sie die Einstellung oder wählen Sie eine API, die sie unterstützt.</translation>
    </message>
    <message>
        <source>a user message needs text.</source>
        <translation>Eine Benutzernachricht braucht Text.</translation>
    </message>
    <message>
        <source>an assistant message needs text or tool calls.</source>
        <translation>Eine Assistentennachricht braucht Text oder Tool-Aufrufe.</translation>
    </message>
    <message>
        <source>a tool call needs an id.</source>
        <translation>Ein Tool-Aufruf braucht eine ID.</translation>
    </message>
    <message>
        <source>a tool call needs a name.</source>
        <translation>Ein Tool-Aufruf braucht einen Namen.</translation>
    </message>
    <message>
        <source>a tool result must name the tool call it answers.</source>
        <translation>Ein Tool-Ergebnis muss den Tool-Aufruf nennen, auf den es antwortet.</translation>
    </message>
    <message>
        <source>only assistant messages carry tool calls.</source>
        <translation>Nur Assistentennachrichten enthalten Tool-Aufrufe.</translation>
    </message>
    <message>
        <source>only tool messages answer a tool call.</source>
        <translation>Nur Tool-Nachrichten beantworten einen Tool-Aufruf.</translation>
    </message>
    <message>
        <source>%1 requests are not built from a conversation.</source>
        <translation>%1-Anfragen werden nicht aus einer Unterhaltung erstellt.</translation>
    </message>
    <message>
        <source>no model is chosen.</source>
        <translation>Es ist kein Modell ausgewählt.</translation>
    </message>
    <message>
        <source>Choose a model, e.g. from the model list.</source>
        <translation>Wählen Sie ein Modell, z. B. aus der Modellliste.</translation>
    </message>
    <message>
        <source>the conversation is empty.</source>
        <translation>Die Unterhaltung ist leer.</translation>
    </message>
    <message>
        <source>Write a message to send.</source>
        <translation>Schreiben Sie eine Nachricht zum Senden.</translation>
    </message>
    <message>
        <source>it must lie between 0 and %1.</source>
        <translation>Der Wert muss zwischen 0 und %1 liegen.</translation>
    </message>
    <message>
        <source>it must lie between 0 and 1.</source>
        <translation>Der Wert muss zwischen 0 und 1 liegen.</translation>
    </message>
    <message>
        <source>it must be at least 1.</source>
        <translation>Der Wert muss mindestens 1 sein.</translation>
    </message>
    <message>
        <source>a stop sequence cannot be empty.</source>
        <translation>Eine Stoppsequenz darf nicht leer sein.</translation>
    </message>
    <message>
        <source>a tool needs a name of 1 to 64 letters, digits, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>Ein Tool braucht einen Namen aus 1 bis 64 Buchstaben, Ziffern, &apos;_&apos; oder &apos;-&apos;.</translation>
    </message>
    <message>
        <source>the tool name &quot;%1&quot; is used twice.</source>
        <translation>Der Toolname &quot;%1&quot; wird zweimal verwendet.</translation>
    </message>
    <message>
        <source>the parameters schema must have &quot;type&quot;: &quot;object&quot;.</source>
        <translation>Das Parameterschema muss &quot;type&quot;: &quot;object&quot; haben.</translation>
    </message>
    <message>
        <source>no tools are defined.</source>
        <translation>Es sind keine Tools definiert.</translation>
    </message>
    <message>
        <source>Define a tool or remove the tool choice.</source>
        <translation>Definieren Sie ein Tool oder entfernen Sie die Tool-Auswahl.</translation>
    </message>
    <message>
        <source>no tool named &quot;%1&quot; is defined.</source>
        <translation>Es ist kein Tool namens &quot;%1&quot; definiert.</translation>
    </message>
    <message>
        <source>a name is only given with the &quot;function&quot; mode.</source>
        <translation>Ein Name wird nur im Modus &quot;function&quot; angegeben.</translation>
    </message>
    <message>
        <source>Claude cannot be forced to call a tool while thinking.</source>
        <translation>Claude kann beim Denken nicht zu einem Tool-Aufruf gezwungen werden.</translation>
    </message>
    <message>
        <source>Use &quot;auto&quot; or turn thinking off.</source>
        <translation>Verwenden Sie &quot;auto&quot; oder schalten Sie das Denken aus.</translation>
    </message>
    <message>
        <source>a schema needs a name of 1 to 64 letters, digits, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>Ein Schema braucht einen Namen aus 1 bis 64 Buchstaben, Ziffern, &apos;_&apos; oder &apos;-&apos;.</translation>
    </message>
    <message>
        <source>the schema must have &quot;type&quot;: &quot;object&quot;.</source>
        <translation>Das Schema muss &quot;type&quot;: &quot;object&quot; haben.</translation>
    </message>
    <message>
        <source>a tool is already named &quot;%1&quot;.</source>
        <translation>Es gibt bereits ein Tool namens &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>with a schema, Messages must be forced to the schema&apos;s tool.</source>
        <translation>Mit einem Schema muss Messages auf das Tool des Schemas festgelegt werden.</translation>
    </message>
    <message>
        <source>Remove the tool choice or the schema.</source>
        <translation>Entfernen Sie die Tool-Auswahl oder das Schema.</translation>
    </message>
    <message>
        <source>Claude cannot follow a schema while thinking.</source>
        <translation>Claude kann beim Denken keinem Schema folgen.</translation>
    </message>
    <message>
        <source>Turn thinking off or remove the schema.</source>
        <translation>Schalten Sie das Denken aus oder entfernen Sie das Schema.</translation>
    </message>
    <message>
        <source>a background response must be stored.</source>
        <translation>Eine Hintergrundantwort muss gespeichert werden.</translation>
    </message>
    <message>
        <source>Allow storing the response or turn background off.</source>
        <translation>Erlauben Sie das Speichern der Antwort oder schalten Sie den Hintergrundmodus aus.</translation>
    </message>
</context>
<context>
    <name>mantle::api::StreamAccumulator</name>
    <message>
        <source>The stream ended before its final event: the answer may be cut short. Try the request again.</source>
        <translation>Der Stream endete vor seinem letzten Ereignis: Die Antwort ist möglicherweise abgeschnitten. Senden Sie die Anfrage erneut.</translation>
    </message>
    <message>
        <source>A “%1” event of the stream is not valid JSON (%2) and was skipped; the answer may be incomplete.</source>
        <translation>Ein „%1“-Ereignis des Streams ist kein gültiges JSON (%2) und wurde übersprungen; die Antwort ist möglicherweise unvollständig.</translation>
    </message>
</context>
<context>
    <name>mantle::api::ToolDefinitionJson</name>
    <message>
        <source>%1: item %2 is not a JSON object.</source>
        <translation>%1: Eintrag %2 ist kein JSON-Objekt.</translation>
    </message>
    <message>
        <source>%1: the description of item %2 is not a JSON string.</source>
        <translation>%1: Die Beschreibung von Eintrag %2 ist kein JSON-String.</translation>
    </message>
    <message>
        <source>%1: the %2 of item %3 is not a JSON object.</source>
        <translation>%1: %2 von Eintrag %3 ist kein JSON-Objekt.</translation>
    </message>
    <message>
        <source>%1: the name of item %2 is not a JSON string.</source>
        <translation>%1: Der Name von Eintrag %2 ist kein JSON-String.</translation>
    </message>
    <message>
        <source>%1: item %2 has no name.</source>
        <translation>%1: Eintrag %2 hat keinen Namen.</translation>
    </message>
    <message>
        <source>%1: not JSON (%2 at line %3, column %4).</source>
        <translation>%1: kein JSON (%2 in Zeile %3, Spalte %4).</translation>
    </message>
    <message>
        <source>%1: expected a JSON array of tools, or an object with a &quot;tools&quot; array.</source>
        <translation>%1: Erwartet wird ein JSON-Array von Tools oder ein Objekt mit einem Array &quot;tools&quot;.</translation>
    </message>
</context>
<context>
    <name>mantle::api::TurnReader</name>
    <message>
        <source>The %1 API does not answer with a model turn.</source>
        <translation>Die %1-API antwortet nicht mit einem Modellbeitrag.</translation>
    </message>
</context>
<context>
    <name>mantle::api::chat::ChatRequestBuilder</name>
    <message>
        <source>A %1 request cannot be built as a Chat Completions request.</source>
        <translation>Eine %1-Anfrage kann nicht als Chat-Completions-Anfrage erstellt werden.</translation>
    </message>
</context>
<context>
    <name>mantle::api::messages::MessagesRequestBuilder</name>
    <message>
        <source>The request field &quot;%1&quot; is invalid: the arguments of a Claude tool call must be a JSON object.</source>
        <translation>Das Anfragefeld &quot;%1&quot; ist ungültig: Die Argumente eines Claude-Tool-Aufrufs müssen ein JSON-Objekt sein.</translation>
    </message>
    <message>
        <source>A %1 request cannot be built as a Messages request.</source>
        <translation>Eine %1-Anfrage kann nicht als Messages-Anfrage erstellt werden.</translation>
    </message>
</context>
<context>
    <name>mantle::api::messages::MessagesResponseParser</name>
    <message>
        <source>The answer is not a readable Messages body (%1).</source>
        <translation>Die Antwort ist kein lesbarer Messages-Body (%1).</translation>
    </message>
</context>
<context>
    <name>mantle::api::responses::ResponsesRequestBuilder</name>
    <message>
        <source>A %1 request cannot be built as a Responses request.</source>
        <translation>Eine %1-Anfrage kann nicht als Responses-Anfrage erstellt werden.</translation>
    </message>
    <message>
        <source>“%1” is not a response id.</source>
        <translation>„%1“ ist keine Antwort-ID.</translation>
    </message>
    <message>
        <source>Response ids look like resp_ followed by letters and digits, as the answer of a Responses request gives them.</source>
        <translation>Antwort-IDs bestehen aus resp_ gefolgt von Buchstaben und Ziffern, so wie die Antwort einer Responses-Anfrage sie liefert.</translation>
    </message>
</context>
<context>
    <name>mantle::api::responses::ResponsesResponseParser</name>
    <message>
        <source>The response failed and the server gave no reason.</source>
        <translation>Die Antwort ist fehlgeschlagen, und der Server hat keinen Grund angegeben.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AssumeRoleCredentialProvider</name>
    <message>
        <source>The credentials for the role %1 cannot be renewed: its STS client or source credentials are gone.</source>
        <translation>Die Anmeldeinformationen für die Rolle %1 können nicht erneuert werden: Ihr STS-Client oder ihre Quell-Anmeldeinformationen sind nicht mehr vorhanden.</translation>
    </message>
    <message>
        <source>The credentials for the role %1 cannot be renewed: its STS client is gone.</source>
        <translation>Die Anmeldeinformationen für die Rolle %1 können nicht erneuert werden: Ihr STS-Client ist nicht mehr vorhanden.</translation>
    </message>
    <message>
        <source>STS gave credentials for the role %1 that had expired already, at %2.</source>
        <translation>STS hat für die Rolle %1 Anmeldeinformationen geliefert, die bereits abgelaufen waren, am %2.</translation>
    </message>
    <message>
        <source>Check that this computer&apos;s clock is set to the correct time.</source>
        <translation>Prüfen Sie, ob die Uhr dieses Computers richtig gestellt ist.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AssumeRoleParameters</name>
    <message>
        <source>“%1”</source>
        <translation>„%1“</translation>
    </message>
    <message>
        <source>Give the ARN of the role to assume, as the IAM console shows it on the role&apos;s page, for example %1.</source>
        <translation>Geben Sie den ARN der zu übernehmenden Rolle an, wie ihn die IAM-Konsole auf der Seite der Rolle zeigt, zum Beispiel %1.</translation>
    </message>
    <message>
        <source>The role ARN is empty.</source>
        <translation>Der Rollen-ARN ist leer.</translation>
    </message>
    <message>
        <source>“%1” is the ARN of a role session, not of a role.</source>
        <translation>„%1“ ist der ARN einer Rollensitzung, nicht einer Rolle.</translation>
    </message>
    <message>
        <source>“%1” is not the ARN of an IAM role.</source>
        <translation>„%1“ ist nicht der ARN einer IAM-Rolle.</translation>
    </message>
    <message>
        <source>Use 2 to 64 characters: letters, digits and + = , . @ _ -.</source>
        <translation>Verwenden Sie 2 bis 64 Zeichen: Buchstaben, Ziffern und + = , . @ _ -.</translation>
    </message>
    <message numerus="yes">
        <source>The role session name has %n character(s).</source>
        <translation>
            <numerusform>Der Rollensitzungsname hat %n Zeichen.</numerusform>
            <numerusform>Der Rollensitzungsname hat %n Zeichen.</numerusform>
        </translation>
    </message>
    <message>
        <source>The role session name contains %1, which STS does not allow.</source>
        <translation>Der Rollensitzungsname enthält %1, was STS nicht zulässt.</translation>
    </message>
    <message>
        <source>Use the external ID exactly as the role&apos;s owner gave it: 2 to 1224 characters of letters, digits and + = , . @ : / _ -.</source>
        <translation>Verwenden Sie die externe ID genau so, wie der Besitzer der Rolle sie angegeben hat: 2 bis 1224 Zeichen aus Buchstaben, Ziffern und + = , . @ : / _ -.</translation>
    </message>
    <message numerus="yes">
        <source>The external ID has %n character(s).</source>
        <translation>
            <numerusform>Die externe ID hat %n Zeichen.</numerusform>
            <numerusform>Die externe ID hat %n Zeichen.</numerusform>
        </translation>
    </message>
    <message>
        <source>The external ID contains %1 at position %2, which STS does not allow.</source>
        <translation>Die externe ID enthält an Position %2 %1, was STS nicht zulässt.</translation>
    </message>
    <message>
        <source>The session duration of %1 seconds is outside the range STS accepts, %2 to %3 seconds (15 minutes to 12 hours).</source>
        <translation>Die Sitzungsdauer von %1 Sekunden liegt außerhalb des von STS akzeptierten Bereichs von %2 bis %3 Sekunden (15 Minuten bis 12 Stunden).</translation>
    </message>
    <message>
        <source>Choose a duration in that range. The role&apos;s own maximum may be lower: one hour unless its owner raised it, and always one hour when a role assumes a role.</source>
        <translation>Wählen Sie eine Dauer in diesem Bereich. Das Maximum der Rolle selbst kann niedriger sein: eine Stunde, sofern der Besitzer es nicht erhöht hat, und immer eine Stunde, wenn eine Rolle eine Rolle übernimmt.</translation>
    </message>
    <message>
        <source>Give a region code such as us-east-1.</source>
        <translation>Geben Sie einen Regionscode wie us-east-1 an.</translation>
    </message>
    <message>
        <source>No region is set for STS.</source>
        <translation>Für STS ist keine Region festgelegt.</translation>
    </message>
    <message>
        <source>“%1” is not an AWS region code.</source>
        <translation>„%1“ ist kein AWS-Regionscode.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AwsConfigFile</name>
    <message>
        <source>More lines from this one on (%1 in all) also have problems and were ignored; fix the ones reported above first.</source>
        <translation>Weitere Zeilen ab dieser (insgesamt %1) haben ebenfalls Probleme und wurden ignoriert; beheben Sie zuerst die oben gemeldeten.</translation>
    </message>
    <message>
        <source>This line is not valid UTF-8 text and is ignored. Save the file as UTF-8.</source>
        <translation>Diese Zeile ist kein gültiger UTF-8-Text und wird ignoriert. Speichern Sie die Datei als UTF-8.</translation>
    </message>
    <message>
        <source>This section header has no closing “]”; it and the settings under it are ignored.</source>
        <translation>Diesem Abschnittskopf fehlt die schließende „]“; er und die Einstellungen darunter werden ignoriert.</translation>
    </message>
    <message>
        <source>This section header has text after its closing “]”; it and the settings under it are ignored.</source>
        <translation>Dieser Abschnittskopf hat Text nach der schließenden „]“; er und die Einstellungen darunter werden ignoriert.</translation>
    </message>
    <message>
        <source>This section header is empty; it and the settings under it are ignored. Write [default] or [profile NAME].</source>
        <translation>Dieser Abschnittskopf ist leer; er und die Einstellungen darunter werden ignoriert. Schreiben Sie [default] oder [profile NAME].</translation>
    </message>
    <message>
        <source>This [profile] header has no profile name; it and the settings under it are ignored. Write [profile NAME].</source>
        <translation>Dieser [profile]-Kopf hat keinen Profilnamen; er und die Einstellungen darunter werden ignoriert. Schreiben Sie [profile NAME].</translation>
    </message>
    <message>
        <source>This profile name contains a space, which profile names cannot hold; the section and the settings under it are ignored.</source>
        <translation>Dieser Profilname enthält ein Leerzeichen, was in Profilnamen nicht erlaubt ist; der Abschnitt und die Einstellungen darunter werden ignoriert.</translation>
    </message>
    <message>
        <source>The setting “%1” comes before any section header, so it belongs to no profile and is ignored. Put it under [default] or [profile NAME].</source>
        <translation>Die Einstellung „%1“ steht vor jedem Abschnittskopf, gehört daher zu keinem Profil und wird ignoriert. Setzen Sie sie unter [default] oder [profile NAME].</translation>
    </message>
    <message>
        <source>This setting comes before any section header, so it belongs to no profile and is ignored. Put it under [default] or [profile NAME].</source>
        <translation>Diese Einstellung steht vor jedem Abschnittskopf, gehört daher zu keinem Profil und wird ignoriert. Setzen Sie sie unter [default] oder [profile NAME].</translation>
    </message>
    <message>
        <source>This line is not a “key = value” setting, a [section] header or a comment, and is ignored.</source>
        <translation>Diese Zeile ist weder eine Einstellung „key = value“ noch ein [section]-Kopf oder Kommentar und wird ignoriert.</translation>
    </message>
    <message>
        <source>This line has “=” but no key before it, and is ignored.</source>
        <translation>Diese Zeile enthält „=“, aber keinen Schlüssel davor, und wird ignoriert.</translation>
    </message>
    <message>
        <source>This line is indented more than the setting “%1” on line %2, so it would continue that value over several lines, which is not supported; it is ignored. Remove the indentation.</source>
        <translation>Diese Zeile ist weiter eingerückt als die Einstellung „%1“ in Zeile %2 und würde deren Wert über mehrere Zeilen fortsetzen, was nicht unterstützt wird; sie wird ignoriert. Entfernen Sie die Einrückung.</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(unbenannt)</translation>
    </message>
    <message>
        <source>This line among the nested settings of “%1” is not a “key = value” setting and is ignored.</source>
        <translation>Diese Zeile unter den verschachtelten Einstellungen von „%1“ ist keine Einstellung „key = value“ und wird ignoriert.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AwsEnvironment</name>
    <message>
        <source>An access key ID is one word of letters and digits, such as AKIAIOSFODNN7EXAMPLE; check for a copy-and-paste mistake.</source>
        <translation>Eine Zugriffsschlüssel-ID ist ein einziges Wort aus Buchstaben und Ziffern, etwa AKIAIOSFODNN7EXAMPLE; prüfen Sie auf einen Fehler beim Kopieren und Einfügen.</translation>
    </message>
    <message>
        <source>%1 contains a blank or a line break.</source>
        <translation>%1 enthält ein Leerzeichen oder einen Zeilenumbruch.</translation>
    </message>
    <message>
        <source>%1 contains quotation marks.</source>
        <translation>%1 enthält Anführungszeichen.</translation>
    </message>
    <message>
        <source>Remove the quotes: they are not part of the key ID.</source>
        <translation>Entfernen Sie die Anführungszeichen: Sie gehören nicht zur Schlüssel-ID.</translation>
    </message>
    <message>
        <source>%1 contains “/” or “+”, which access key IDs never hold.</source>
        <translation>%1 enthält „/“ oder „+“, was in Zugriffsschlüssel-IDs nie vorkommt.</translation>
    </message>
    <message>
        <source>It may be the secret access key: check that the key ID and the secret were not swapped.</source>
        <translation>Vielleicht ist es der geheime Zugriffsschlüssel: Prüfen Sie, ob Schlüssel-ID und Geheimnis vertauscht wurden.</translation>
    </message>
    <message>
        <source>%1 contains characters other than the letters A to Z and the digits 0 to 9.</source>
        <translation>%1 enthält andere Zeichen als die Buchstaben A bis Z und die Ziffern 0 bis 9.</translation>
    </message>
    <message>
        <source>%1 is too short to be an access key ID.</source>
        <translation>%1 ist zu kurz für eine Zugriffsschlüssel-ID.</translation>
    </message>
    <message>
        <source>AWS access key IDs are 16 to 128 characters long.</source>
        <translation>AWS-Zugriffsschlüssel-IDs sind 16 bis 128 Zeichen lang.</translation>
    </message>
    <message>
        <source>%1 is too long to be an access key ID.</source>
        <translation>%1 ist zu lang für eine Zugriffsschlüssel-ID.</translation>
    </message>
    <message>
        <source>Check for a copy-and-paste mistake: secrets are one word.</source>
        <translation>Prüfen Sie auf einen Fehler beim Kopieren und Einfügen: Geheimnisse sind ein einziges Wort.</translation>
    </message>
    <message>
        <source>%1 contains a line break, a tab or another invisible character.</source>
        <translation>%1 enthält einen Zeilenumbruch, einen Tabulator oder ein anderes unsichtbares Zeichen.</translation>
    </message>
    <message>
        <source>%1 contains a blank.</source>
        <translation>%1 enthält ein Leerzeichen.</translation>
    </message>
    <message>
        <source>%1 is wrapped in quotation marks.</source>
        <translation>%1 steht in Anführungszeichen.</translation>
    </message>
    <message>
        <source>Remove the quotes: they are not part of the secret.</source>
        <translation>Entfernen Sie die Anführungszeichen: Sie gehören nicht zum Geheimnis.</translation>
    </message>
    <message>
        <source>%1 is set but %2 is not.</source>
        <translation>%1 ist gesetzt, %2 aber nicht.</translation>
    </message>
    <message>
        <source>Set both variables, or neither.</source>
        <translation>Setzen Sie beide Variablen oder keine.</translation>
    </message>
    <message>
        <source>%1 is set but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not.</source>
        <translation>%1 ist gesetzt, AWS_ACCESS_KEY_ID und AWS_SECRET_ACCESS_KEY aber nicht.</translation>
    </message>
    <message>
        <source>A session token belongs to temporary keys: set all three variables, or unset %1.</source>
        <translation>Ein Sitzungstoken gehört zu temporären Schlüsseln: Setzen Sie alle drei Variablen oder entfernen Sie %1.</translation>
    </message>
    <message>
        <source>%1 is not an ISO 8601 date and time.</source>
        <translation>%1 ist kein Datum mit Uhrzeit nach ISO 8601.</translation>
    </message>
    <message>
        <source>Write it like 2025-01-31T12:00:00Z, or unset it.</source>
        <translation>Schreiben Sie es wie 2025-01-31T12:00:00Z oder entfernen Sie es.</translation>
    </message>
    <message>
        <source>%1 starts with “Bearer ”.</source>
        <translation>%1 beginnt mit „Bearer “.</translation>
    </message>
    <message>
        <source>Set it to the API key alone; the word Bearer is added when the request is sent.</source>
        <translation>Setzen Sie nur den API-Schlüssel ein; das Wort Bearer wird beim Senden der Anfrage ergänzt.</translation>
    </message>
    <message>
        <source>%1 contains a line break or another control character.</source>
        <translation>%1 enthält einen Zeilenumbruch oder ein anderes Steuerzeichen.</translation>
    </message>
    <message>
        <source>Set it to the name of a profile in your AWS config files.</source>
        <translation>Setzen Sie es auf den Namen eines Profils in Ihren AWS-Konfigurationsdateien.</translation>
    </message>
    <message>
        <source>Remove the quotes: they are not part of the profile name.</source>
        <translation>Entfernen Sie die Anführungszeichen: Sie gehören nicht zum Profilnamen.</translation>
    </message>
    <message>
        <source>%1 is not an AWS region code.</source>
        <translation>%1 ist kein AWS-Regionscode.</translation>
    </message>
    <message>
        <source>Set it to a region code such as us-east-1 (not a region&apos;s name, and not an Availability Zone such as us-east-1a).</source>
        <translation>Setzen Sie es auf einen Regionscode wie us-east-1 (nicht den Namen einer Region und keine Availability Zone wie us-east-1a).</translation>
    </message>
</context>
<context>
    <name>mantle::aws::AwsProfileResolver</name>
    <message>
        <source>“%1”</source>
        <translation>„%1“</translation>
    </message>
    <message>
        <source>the config file</source>
        <translation>die Konfigurationsdatei</translation>
    </message>
    <message>
        <source>the credentials file</source>
        <translation>die Datei mit den Anmeldeinformationen</translation>
    </message>
    <message>
        <source>Mantle Playground cannot get credentials this way yet. Run “aws configure export-credentials --profile %1 --format env” and use the variables it prints, or give the profile access keys.</source>
        <translation>Mantle Playground kann auf diesem Weg noch keine Anmeldeinformationen beziehen. Führen Sie „aws configure export-credentials --profile %1 --format env“ aus und verwenden Sie die ausgegebenen Variablen, oder geben Sie dem Profil Zugriffsschlüssel.</translation>
    </message>
    <message>
        <source>%1 is a folder, not an AWS configuration file.</source>
        <translation>%1 ist ein Ordner, keine AWS-Konfigurationsdatei.</translation>
    </message>
    <message>
        <source>Point AWS_CONFIG_FILE or AWS_SHARED_CREDENTIALS_FILE at a file.</source>
        <translation>Lassen Sie AWS_CONFIG_FILE oder AWS_SHARED_CREDENTIALS_FILE auf eine Datei zeigen.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation>%1 kann nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>Check that your user may read the file.</source>
        <translation>Prüfen Sie, ob Ihr Benutzer die Datei lesen darf.</translation>
    </message>
    <message>
        <source>%1 is larger than 1 MiB, too large to be an AWS configuration file.</source>
        <translation>%1 ist größer als 1 MiB und damit zu groß für eine AWS-Konfigurationsdatei.</translation>
    </message>
    <message>
        <source>Check AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE.</source>
        <translation>Prüfen Sie AWS_CONFIG_FILE und AWS_SHARED_CREDENTIALS_FILE.</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>Zeile %1</translation>
    </message>
    <message>
        <source>%1, line %2</source>
        <translation>%1, Zeile %2</translation>
    </message>
    <message>
        <source>%1 has a section [%2] on line %3, but in that file a profile&apos;s header is written [profile %2].</source>
        <translation>%1 hat in Zeile %3 einen Abschnitt [%2], aber in dieser Datei wird der Kopf eines Profils [profile %2] geschrieben.</translation>
    </message>
    <message>
        <source>Check the name; the profiles defined are: %1.</source>
        <translation>Prüfen Sie den Namen; definiert sind diese Profile: %1.</translation>
    </message>
    <message>
        <source>Neither file defines a profile yet; run “aws configure --profile %1” to add one.</source>
        <translation>Keine der beiden Dateien definiert bisher ein Profil; führen Sie „aws configure --profile %1“ aus, um eines hinzuzufügen.</translation>
    </message>
    <message>
        <source>The AWS profile “%1” does not exist in %2 or %3.</source>
        <translation>Das AWS-Profil „%1“ existiert weder in %2 noch in %3.</translation>
    </message>
    <message>
        <source>duration_seconds of the profile “%1” (%2) is not a whole number of seconds from %3 to %4.</source>
        <translation>duration_seconds des Profils „%1“ (%2) ist keine ganze Zahl von Sekunden zwischen %3 und %4.</translation>
    </message>
    <message>
        <source>Use 3600 for one hour, or remove the setting.</source>
        <translation>Verwenden Sie 3600 für eine Stunde oder entfernen Sie die Einstellung.</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) assumes its role with a web identity token (web_identity_token_file), which is not supported yet.</source>
        <translation>Das Profil „%1“ (%2) übernimmt seine Rolle mit einem Web-Identity-Token (web_identity_token_file), was noch nicht unterstützt wird.</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) has role_arn but neither source_profile nor credential_source.</source>
        <translation>Das Profil „%1“ (%2) hat role_arn, aber weder source_profile noch credential_source.</translation>
    </message>
    <message>
        <source>Add source_profile = NAME, the profile whose keys assume the role, or credential_source = Environment.</source>
        <translation>Fügen Sie source_profile = NAME hinzu, das Profil, dessen Schlüssel die Rolle übernehmen, oder credential_source = Environment.</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) has both source_profile and credential_source.</source>
        <translation>Das Profil „%1“ (%2) hat sowohl source_profile als auch credential_source.</translation>
    </message>
    <message>
        <source>Keep only one of them.</source>
        <translation>Behalten Sie nur eines davon.</translation>
    </message>
    <message>
        <source>The role_arn of the profile “%1” (%2) is not an ARN.</source>
        <translation>role_arn des Profils „%1“ (%2) ist kein ARN.</translation>
    </message>
    <message>
        <source>Write it like arn:aws:iam::123456789012:role/NAME.</source>
        <translation>Schreiben Sie es wie arn:aws:iam::123456789012:role/NAME.</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) takes its credentials from the environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set.</source>
        <translation>Das Profil „%1“ (%2) bezieht seine Anmeldeinformationen aus der Umgebung, aber AWS_ACCESS_KEY_ID und AWS_SECRET_ACCESS_KEY sind nicht gesetzt.</translation>
    </message>
    <message>
        <source>Set both variables, or change credential_source.</source>
        <translation>Setzen Sie beide Variablen oder ändern Sie credential_source.</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) takes its credentials from %3, which is not supported yet.</source>
        <translation>Das Profil „%1“ (%2) bezieht seine Anmeldeinformationen aus %3, was noch nicht unterstützt wird.</translation>
    </message>
    <message>
        <source>The credential_source of the profile “%1” (%2) is not one the AWS CLI knows.</source>
        <translation>credential_source des Profils „%1“ (%2) hat einen Wert, den die AWS CLI nicht kennt.</translation>
    </message>
    <message>
        <source>Use Environment, Ec2InstanceMetadata or EcsContainer (spelled with these capitals).</source>
        <translation>Verwenden Sie Environment, Ec2InstanceMetadata oder EcsContainer (genau mit dieser Groß-/Kleinschreibung).</translation>
    </message>
    <message>
        <source>The profile “%1” (%2) names source_profile “%3”, which does not exist in %4 or %5.</source>
        <translation>Das Profil „%1“ (%2) nennt als source_profile „%3“, das weder in %4 noch in %5 existiert.</translation>
    </message>
    <message>
        <source>The profiles %1 name each other as source_profile in a loop (%2).</source>
        <translation>Die Profile %1 nennen sich gegenseitig als source_profile in einer Schleife (%2).</translation>
    </message>
    <message>
        <source>Give one profile of the chain aws_access_key_id and aws_secret_access_key, or credential_source.</source>
        <translation>Geben Sie einem Profil der Kette aws_access_key_id und aws_secret_access_key oder credential_source.</translation>
    </message>
    <message>
        <source>%1; the source_profile of “%2”</source>
        <translation>%1; das source_profile von „%2“</translation>
    </message>
    <message>
        <source>The profile %1 (%2) signs in with IAM Identity Center (%3), which is not supported yet.</source>
        <translation>Das Profil %1 (%2) meldet sich über IAM Identity Center an (%3), was noch nicht unterstützt wird.</translation>
    </message>
    <message>
        <source>The profile %1 (%2) has %3 but no %4.</source>
        <translation>Das Profil %1 (%2) hat %3, aber kein %4.</translation>
    </message>
    <message>
        <source>Add %1 next to %2, or remove both.</source>
        <translation>Fügen Sie %1 neben %2 hinzu oder entfernen Sie beide.</translation>
    </message>
    <message>
        <source>%1 of the profile “%2” (%3)</source>
        <translation>%1 des Profils „%2“ (%3)</translation>
    </message>
    <message>
        <source>The profile %1 (%2) gets its credentials from an external program (credential_process), which is not supported yet.</source>
        <translation>Das Profil %1 (%2) bezieht seine Anmeldeinformationen von einem externen Programm (credential_process), was noch nicht unterstützt wird.</translation>
    </message>
    <message>
        <source>The profile %1 (%2) has credential_source but no role_arn.</source>
        <translation>Das Profil %1 (%2) hat credential_source, aber kein role_arn.</translation>
    </message>
    <message>
        <source>credential_source only says which credentials assume role_arn; add role_arn, or give the profile access keys.</source>
        <translation>credential_source gibt nur an, welche Anmeldeinformationen role_arn übernehmen; fügen Sie role_arn hinzu oder geben Sie dem Profil Zugriffsschlüssel.</translation>
    </message>
    <message>
        <source>The profile %1 (%2) holds no credentials.</source>
        <translation>Das Profil %1 (%2) enthält keine Anmeldeinformationen.</translation>
    </message>
    <message>
        <source>Add aws_access_key_id and aws_secret_access_key to [%1] in %2, or role_arn and source_profile to it in %3.</source>
        <translation>Fügen Sie aws_access_key_id und aws_secret_access_key zu [%1] in %2 hinzu, oder role_arn und source_profile dort in %3.</translation>
    </message>
    <message>
        <source>The key “%1” is ignored because keys are case-sensitive; write it as “%2”.</source>
        <translation>Der Schlüssel „%1“ wird ignoriert, da bei Schlüsseln die Groß-/Kleinschreibung zählt; schreiben Sie ihn als „%2“.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::BedrockToken</name>
    <message>
        <source>This is not a short-term Bedrock API key: %1</source>
        <translation>Dies ist kein kurzfristiger Bedrock-API-Schlüssel: %1</translation>
    </message>
    <message>
        <source>A short-term key starts with “bedrock-api-key-” followed by base64; long-term keys (“ABSK…”) cannot be read back.</source>
        <translation>Ein kurzfristiger Schlüssel beginnt mit „bedrock-api-key-“, gefolgt von Base64; langfristige Schlüssel („ABSK…“) können nicht ausgelesen werden.</translation>
    </message>
    <message>
        <source>A short-term API key needs an access key id and a secret access key.</source>
        <translation>Ein kurzfristiger API-Schlüssel braucht eine Zugriffsschlüssel-ID und einen geheimen Zugriffsschlüssel.</translation>
    </message>
    <message>
        <source>“%1” is not a region code.</source>
        <translation>„%1“ ist kein Regionscode.</translation>
    </message>
    <message>
        <source>Give a region such as us-east-1.</source>
        <translation>Geben Sie eine Region wie us-east-1 an.</translation>
    </message>
    <message>
        <source>A short-term API key lives from %1 to %2 seconds, not %3.</source>
        <translation>Ein kurzfristiger API-Schlüssel gilt %1 bis %2 Sekunden, nicht %3.</translation>
    </message>
    <message>
        <source>The credentials have expired.</source>
        <translation>Die Anmeldeinformationen sind abgelaufen.</translation>
    </message>
    <message>
        <source>Renew them, then generate the key again.</source>
        <translation>Erneuern Sie sie und generieren Sie den Schlüssel dann neu.</translation>
    </message>
    <message>
        <source>it does not start with “bedrock-api-key-”.</source>
        <translation>Er beginnt nicht mit „bedrock-api-key-“.</translation>
    </message>
    <message>
        <source>nothing follows the prefix.</source>
        <translation>Auf das Präfix folgt nichts.</translation>
    </message>
    <message>
        <source>what follows the prefix is not base64.</source>
        <translation>Was auf das Präfix folgt, ist kein Base64.</translation>
    </message>
    <message>
        <source>it does not hold a presigned URL.</source>
        <translation>Er enthält keine vorsignierte URL.</translation>
    </message>
    <message>
        <source>its URL has no %1.</source>
        <translation>Seiner URL fehlt %1.</translation>
    </message>
    <message>
        <source>it is not signed with AWS4-HMAC-SHA256.</source>
        <translation>Er ist nicht mit AWS4-HMAC-SHA256 signiert.</translation>
    </message>
    <message>
        <source>its credential scope is malformed.</source>
        <translation>Sein Credential Scope ist fehlerhaft.</translation>
    </message>
    <message>
        <source>its X-Amz-Date is malformed.</source>
        <translation>Sein X-Amz-Date ist fehlerhaft.</translation>
    </message>
    <message>
        <source>its X-Amz-Expires is not a positive number of seconds.</source>
        <translation>Sein X-Amz-Expires ist keine positive Anzahl von Sekunden.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::RequestUrl</name>
    <message>
        <source>Give a full URL such as https://bedrock-mantle.us-east-1.api.aws/v1/models.</source>
        <translation>Geben Sie eine vollständige URL an, etwa https://bedrock-mantle.us-east-1.api.aws/v1/models.</translation>
    </message>
    <message>
        <source>“%1” is not a URL: it has no scheme (https://).</source>
        <translation>„%1“ ist keine URL: Das Schema (https://) fehlt.</translation>
    </message>
    <message>
        <source>“%1” uses the scheme “%2”; only https and http are supported.</source>
        <translation>„%1“ verwendet das Schema „%2“; unterstützt werden nur https und http.</translation>
    </message>
    <message>
        <source>“%1” carries a user name or password; credentials never go in a URL.</source>
        <translation>„%1“ enthält einen Benutzernamen oder ein Passwort; Anmeldeinformationen gehören nie in eine URL.</translation>
    </message>
    <message>
        <source>“%1” has no valid host name.</source>
        <translation>„%1“ hat keinen gültigen Hostnamen.</translation>
    </message>
    <message>
        <source>“%1” has an invalid port.</source>
        <translation>„%1“ hat einen ungültigen Port.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::StaticCredentialProvider</name>
    <message>
        <source>No complete AWS credentials were given: an access key id and a secret access key are needed.</source>
        <translation>Die AWS-Anmeldeinformationen sind unvollständig: Eine Zugriffsschlüssel-ID und ein geheimer Zugriffsschlüssel werden benötigt.</translation>
    </message>
    <message>
        <source>Give both the access key id and the secret access key.</source>
        <translation>Geben Sie sowohl die Zugriffsschlüssel-ID als auch den geheimen Zugriffsschlüssel an.</translation>
    </message>
    <message>
        <source>The credentials with the access key id %1 expired at %2.</source>
        <translation>Die Anmeldeinformationen mit der Zugriffsschlüssel-ID %1 sind am %2 abgelaufen.</translation>
    </message>
    <message>
        <source>Give fresh credentials: temporary credentials last 12 hours at most.</source>
        <translation>Geben Sie neue Anmeldeinformationen an: Temporäre Anmeldeinformationen gelten höchstens 12 Stunden.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::StsClient</name>
    <message>
        <source>Give the STS endpoint as https://host[:port]/, or http://127.0.0.1:PORT/ for a local test server.</source>
        <translation>Geben Sie den STS-Endpunkt als https://host[:port]/ an, oder als http://127.0.0.1:PORT/ für einen lokalen Testserver.</translation>
    </message>
    <message>
        <source>“%1” is not a valid STS endpoint URL.</source>
        <translation>„%1“ ist keine gültige URL für einen STS-Endpunkt.</translation>
    </message>
    <message>
        <source>The STS endpoint “%1” has a user name, query or fragment; give only the scheme, host, port and path.</source>
        <translation>Der STS-Endpunkt „%1“ enthält einen Benutzernamen, eine Abfrage oder ein Fragment; geben Sie nur Schema, Host, Port und Pfad an.</translation>
    </message>
    <message>
        <source>The STS endpoint “%1” uses plain http, which is only allowed for this computer (127.0.0.1, ::1 or localhost).</source>
        <translation>Der STS-Endpunkt „%1“ verwendet unverschlüsseltes http, was nur für diesen Computer erlaubt ist (127.0.0.1, ::1 oder localhost).</translation>
    </message>
    <message>
        <source>Use https: the request carries a session token and the answer carries credentials.</source>
        <translation>Verwenden Sie https: Die Anfrage enthält ein Sitzungstoken und die Antwort Anmeldeinformationen.</translation>
    </message>
    <message>
        <source>Could not connect to STS at %1: the connection was refused.</source>
        <translation>Keine Verbindung zu STS unter %1: Die Verbindung wurde abgelehnt.</translation>
    </message>
    <message>
        <source>Check the STS endpoint and that nothing (a firewall, a proxy) blocks it.</source>
        <translation>Prüfen Sie den STS-Endpunkt und ob nichts (eine Firewall, ein Proxy) ihn blockiert.</translation>
    </message>
    <message>
        <source>Could not find the STS host of %1.</source>
        <translation>Der STS-Host von %1 wurde nicht gefunden.</translation>
    </message>
    <message>
        <source>Check the region, the network connection and the DNS or proxy settings.</source>
        <translation>Prüfen Sie die Region, die Netzwerkverbindung und die DNS- oder Proxy-Einstellungen.</translation>
    </message>
    <message numerus="yes">
        <source>STS at %1 did not answer within %n second(s).</source>
        <translation>
            <numerusform>STS unter %1 hat nicht innerhalb von %n Sekunde geantwortet.</numerusform>
            <numerusform>STS unter %1 hat nicht innerhalb von %n Sekunden geantwortet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Check the network connection and the proxy settings, then try again.</source>
        <translation>Prüfen Sie die Netzwerkverbindung und die Proxy-Einstellungen und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>The secure connection to STS at %1 failed: %2</source>
        <translation>Die sichere Verbindung zu STS unter %1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>A proxy that inspects TLS may be in the way, or the system&apos;s certificates may be out of date.</source>
        <translation>Möglicherweise steht ein Proxy im Weg, der TLS untersucht, oder die Zertifikate des Systems sind veraltet.</translation>
    </message>
    <message>
        <source>Could not reach STS at %1: %2</source>
        <translation>STS unter %1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>The source credentials are incomplete: STS needs an access key id and a secret access key.</source>
        <translation>Die Quell-Anmeldeinformationen sind unvollständig: STS braucht eine Zugriffsschlüssel-ID und einen geheimen Zugriffsschlüssel.</translation>
    </message>
    <message>
        <source>Give the keys of the identity that may assume the role %1.</source>
        <translation>Geben Sie die Schlüssel der Identität an, die die Rolle %1 übernehmen darf.</translation>
    </message>
    <message>
        <source>The source credentials expired at %1.</source>
        <translation>Die Quell-Anmeldeinformationen sind am %1 abgelaufen.</translation>
    </message>
    <message>
        <source>Refresh the source credentials, then try again.</source>
        <translation>Erneuern Sie die Quell-Anmeldeinformationen und versuchen Sie es dann erneut.</translation>
    </message>
    <message numerus="yes">
        <source>The answer from %1 is larger than %n KiB, so it is not an STS answer.</source>
        <translation>
            <numerusform>Die Antwort von %1 ist größer als %n KiB und damit keine STS-Antwort.</numerusform>
            <numerusform>Die Antwort von %1 ist größer als %n KiB und damit keine STS-Antwort.</numerusform>
        </translation>
    </message>
    <message>
        <source>Something other than AWS may have answered, such as a proxy or a captive portal: check the network, the proxy settings and the STS endpoint.</source>
        <translation>Vielleicht hat nicht AWS geantwortet, sondern etwa ein Proxy oder ein Captive Portal: Prüfen Sie das Netzwerk, die Proxy-Einstellungen und den STS-Endpunkt.</translation>
    </message>
</context>
<context>
    <name>mantle::aws::StsResponseParser</name>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>Something other than AWS may have answered, such as a proxy or a captive portal: check the network, the proxy settings and the STS endpoint.</source>
        <translation>Vielleicht hat nicht AWS geantwortet, sondern etwa ein Proxy oder ein Captive Portal: Prüfen Sie das Netzwerk, die Proxy-Einstellungen und den STS-Endpunkt.</translation>
    </message>
    <message>
        <source>STS at %1 answered HTTP %2 with an empty body (content type: %3).</source>
        <translation>STS unter %1 hat mit HTTP %2 und leerem Body geantwortet (Inhaltstyp: %3).</translation>
    </message>
    <message>
        <source>The answer from %1 (HTTP %2, content type: %3) is not an STS answer.</source>
        <translation>Die Antwort von %1 (HTTP %2, Inhaltstyp: %3) ist keine STS-Antwort.</translation>
    </message>
    <message>
        <source>(no message)</source>
        <translation>(keine Meldung)</translation>
    </message>
    <message>
        <source>STS refused to let the source credentials assume the role (AccessDenied): %1</source>
        <translation>STS hat den Quell-Anmeldeinformationen die Übernahme der Rolle verweigert (AccessDenied): %1</translation>
    </message>
    <message>
        <source>The source credentials need permission for sts:AssumeRole on %1, the role&apos;s trust policy must allow them, and the external ID must match the trust policy&apos;s sts:ExternalId condition exactly.</source>
        <translation>Die Quell-Anmeldeinformationen brauchen die Berechtigung sts:AssumeRole für %1, die Vertrauensrichtlinie der Rolle muss sie zulassen, und die externe ID muss genau der Bedingung sts:ExternalId der Vertrauensrichtlinie entsprechen.</translation>
    </message>
    <message>
        <source>The source credentials need permission for sts:AssumeRole on %1, and the role&apos;s trust policy must allow them. If the trust policy requires an external ID (sts:ExternalId), give it.</source>
        <translation>Die Quell-Anmeldeinformationen brauchen die Berechtigung sts:AssumeRole für %1, und die Vertrauensrichtlinie der Rolle muss sie zulassen. Falls die Vertrauensrichtlinie eine externe ID verlangt (sts:ExternalId), geben Sie diese an.</translation>
    </message>
    <message>
        <source>The source credentials have expired (ExpiredToken): %1</source>
        <translation>Die Quell-Anmeldeinformationen sind abgelaufen (ExpiredToken): %1</translation>
    </message>
    <message>
        <source>Refresh the source credentials (sign in again or get a new session token), then try again.</source>
        <translation>Erneuern Sie die Quell-Anmeldeinformationen (melden Sie sich erneut an oder holen Sie ein neues Sitzungstoken) und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>AWS does not know the access key id %1 (InvalidClientTokenId): %2</source>
        <translation>AWS kennt die Zugriffsschlüssel-ID %1 nicht (InvalidClientTokenId): %2</translation>
    </message>
    <message>
        <source>Check the source access key id: the key may have been deleted or deactivated, belong to another AWS partition, or, for temporary credentials, come with the wrong session token.</source>
        <translation>Prüfen Sie die Quell-Zugriffsschlüssel-ID: Der Schlüssel wurde vielleicht gelöscht oder deaktiviert, gehört zu einer anderen AWS-Partition oder wurde, bei temporären Anmeldeinformationen, mit dem falschen Sitzungstoken angegeben.</translation>
    </message>
    <message>
        <source>STS rejected the request&apos;s signature (SignatureDoesNotMatch): %1</source>
        <translation>STS hat die Signatur der Anfrage abgelehnt (SignatureDoesNotMatch): %1</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is off: set it to the correct time and try again.</source>
        <translation>Die Uhr dieses Computers geht falsch: Stellen Sie sie richtig und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The secret access key is wrong for the access key id %1: check it (and that no space or line break was copied with it).</source>
        <translation>Der geheime Zugriffsschlüssel passt nicht zur Zugriffsschlüssel-ID %1: Prüfen Sie ihn (und ob kein Leerzeichen oder Zeilenumbruch mitkopiert wurde).</translation>
    </message>
    <message>
        <source>STS is not activated in the region %1 for this account (RegionDisabledException): %2</source>
        <translation>STS ist in der Region %1 für dieses Konto nicht aktiviert (RegionDisabledException): %2</translation>
    </message>
    <message>
        <source>Enable the region in the account&apos;s settings (AWS console, Account, AWS Regions) or use another region.</source>
        <translation>Aktivieren Sie die Region in den Kontoeinstellungen (AWS-Konsole, Konto, AWS-Regionen) oder verwenden Sie eine andere Region.</translation>
    </message>
    <message>
        <source>STS refused a parameter of the request: %1</source>
        <translation>STS hat einen Parameter der Anfrage abgelehnt: %1</translation>
    </message>
    <message>
        <source>Correct the parameter STS names and try again.</source>
        <translation>Korrigieren Sie den von STS genannten Parameter und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>STS answered HTTP %1 with the error %2: %3</source>
        <translation>STS hat mit HTTP %1 und dem Fehler %2 geantwortet: %3</translation>
    </message>
    <message>
        <source>The AssumeRole answer from %1 (HTTP %2, content type: %3) lacks the fields %4.</source>
        <translation>Der AssumeRole-Antwort von %1 (HTTP %2, Inhaltstyp: %3) fehlen die Felder %4.</translation>
    </message>
    <message>
        <source>The AssumeRole answer from %1 has an expiry that is not an ISO 8601 time: “%2”.</source>
        <translation>Die AssumeRole-Antwort von %1 hat einen Ablaufzeitpunkt, der keine Zeitangabe nach ISO 8601 ist: „%2“.</translation>
    </message>
</context>
<context>
    <name>mantle::cli::AccountsCommand</name>
    <message>
        <source>Run `mantle accounts --help` for the usage.</source>
        <translation>Die Verwendung zeigt `mantle accounts --help`.</translation>
    </message>
    <message numerus="yes">
        <source>`%1` takes %n argument(s).</source>
        <translation>
            <numerusform>`%1` nimmt %n Argument.</numerusform>
            <numerusform>`%1` nimmt %n Argumente.</numerusform>
        </translation>
    </message>
    <message>
        <source>which command? add, list, show, rename, remove, test, policy, export, import, import-aws or import-env.</source>
        <translation>Welcher Befehl? add, list, show, rename, remove, test, policy, export, import, import-aws oder import-env.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Verwendung: %1</translation>
    </message>
    <message>
        <source>Secrets are read from stdin: for access-key, the secret access key and,
on a second line, an optional session token; for api-key, the API key.
Without stdin they come from AWS_SECRET_ACCESS_KEY (and
AWS_SESSION_TOKEN) or AWS_BEARER_TOKEN_BEDROCK. They are kept in the
keychain, never in a file. Settings: MANTLE_CONFIG_DIR, else
$XDG_CONFIG_HOME/Mantle Playground.</source>
        <translation>Geheimnisse werden von stdin gelesen: bei access-key der geheime
Zugriffsschlüssel und in einer zweiten Zeile optional ein Sitzungstoken,
bei api-key der API-Schlüssel. Ohne stdin stammen sie aus
AWS_SECRET_ACCESS_KEY (und AWS_SESSION_TOKEN) oder AWS_BEARER_TOKEN_BEDROCK.
Sie liegen im Schlüsselbund, nie in einer Datei. Einstellungen:
MANTLE_CONFIG_DIR, sonst $XDG_CONFIG_HOME/Mantle Playground.</translation>
    </message>
    <message>
        <source>unknown command “%1”.</source>
        <translation>Unbekannter Befehl „%1“.</translation>
    </message>
    <message>
        <source>give the API key on stdin (or in AWS_BEARER_TOKEN_BEDROCK).</source>
        <translation>Geben Sie den API-Schlüssel über stdin an (oder in AWS_BEARER_TOKEN_BEDROCK).</translation>
    </message>
    <message>
        <source>give the secret access key on stdin (or in AWS_SECRET_ACCESS_KEY).</source>
        <translation>Geben Sie den geheimen Zugriffsschlüssel über stdin an (oder in AWS_SECRET_ACCESS_KEY).</translation>
    </message>
    <message>
        <source>stdin holds %1 lines; expected at most %2.</source>
        <translation>stdin enthält %1 Zeilen; erwartet werden höchstens %2.</translation>
    </message>
    <message>
        <source>The API key</source>
        <translation>Der API-Schlüssel</translation>
    </message>
    <message>
        <source>The secret access key</source>
        <translation>Der geheime Zugriffsschlüssel</translation>
    </message>
    <message>
        <source>The session token</source>
        <translation>Das Sitzungstoken</translation>
    </message>
    <message>
        <source>A Mantle region.</source>
        <translation>Eine Mantle-Region.</translation>
    </message>
    <message>
        <source>access-key, api-key or role.</source>
        <translation>access-key, api-key oder role.</translation>
    </message>
    <message>
        <source>The access key id.</source>
        <translation>Die Zugriffsschlüssel-ID.</translation>
    </message>
    <message>
        <source>The role to assume.</source>
        <translation>Die zu übernehmende Rolle.</translation>
    </message>
    <message>
        <source>The access-key account that assumes it.</source>
        <translation>Das Zugriffsschlüssel-Konto, das sie übernimmt.</translation>
    </message>
    <message>
        <source>The AWS profile that assumes it.</source>
        <translation>Das AWS-Profil, das sie übernimmt.</translation>
    </message>
    <message>
        <source>The role&apos;s external ID.</source>
        <translation>Die externe ID der Rolle.</translation>
    </message>
    <message>
        <source>The role session name.</source>
        <translation>Der Rollensitzungsname.</translation>
    </message>
    <message>
        <source>The role session&apos;s length, 900 to 43200 s.</source>
        <translation>Die Dauer der Rollensitzung, 900 bis 43200 s.</translation>
    </message>
    <message>
        <source>An endpoint override (root URL).</source>
        <translation>Ein abweichender Endpunkt (Stamm-URL).</translation>
    </message>
    <message>
        <source>Notes.</source>
        <translation>Notizen.</translation>
    </message>
    <message>
        <source>--auth takes access-key, api-key or role.</source>
        <translation>--auth nimmt access-key, api-key oder role.</translation>
    </message>
    <message>
        <source>--access-key-id is for --auth access-key.</source>
        <translation>--access-key-id gilt für --auth access-key.</translation>
    </message>
    <message>
        <source>--role-arn and the other role flags are for --auth role.</source>
        <translation>--role-arn und die anderen Rollen-Flags gelten für --auth role.</translation>
    </message>
    <message>
        <source>a role takes one of --source-account and --source-profile.</source>
        <translation>Eine Rolle nimmt entweder --source-account oder --source-profile.</translation>
    </message>
    <message>
        <source>--duration takes a number of seconds.</source>
        <translation>--duration nimmt eine Anzahl Sekunden.</translation>
    </message>
    <message>
        <source>Added account “%1”.</source>
        <translation>Konto „%1“ hinzugefügt.</translation>
    </message>
    <message>
        <source>(broken: %1)</source>
        <translation>(beschädigt: %1)</translation>
    </message>
    <message>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>auth</source>
        <translation>Authentifizierung</translation>
    </message>
    <message>
        <source>region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>access key id</source>
        <translation>Zugriffsschlüssel-ID</translation>
    </message>
    <message>
        <source>secret access key</source>
        <translation>Geheimer Zugriffsschlüssel</translation>
    </message>
    <message>
        <source>in the keychain</source>
        <translation>im Schlüsselbund</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>role ARN</source>
        <translation>Rollen-ARN</translation>
    </message>
    <message>
        <source>external ID</source>
        <translation>Externe ID</translation>
    </message>
    <message>
        <source>session name</source>
        <translation>Sitzungsname</translation>
    </message>
    <message>
        <source>duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>source account</source>
        <translation>Quellkonto</translation>
    </message>
    <message>
        <source>source AWS profile</source>
        <translation>Quell-AWS-Profil</translation>
    </message>
    <message>
        <source>notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>Renamed account “%1” to “%2”.</source>
        <translation>Konto „%1“ in „%2“ umbenannt.</translation>
    </message>
    <message>
        <source>Removed account “%1” and its secrets.</source>
        <translation>Konto „%1“ und seine Geheimnisse entfernt.</translation>
    </message>
    <message>
        <source>The model of the tiny request (default: the first listed Chat Completions model).</source>
        <translation>Das Modell der Mini-Anfrage (Standard: das erste aufgeführte Chat-Completions-Modell).</translation>
    </message>
    <message>
        <source>Account “%1”: %2 in %3.</source>
        <translation>Konto „%1“: %2 in %3.</translation>
    </message>
    <message>
        <source>the IAM principal of account “%1”</source>
        <translation>der IAM-Prinzipal von Konto „%1“</translation>
    </message>
    <message>
        <source>the IAM principal of AWS profile “%1”</source>
        <translation>der IAM-Prinzipal von AWS-Profil „%1“</translation>
    </message>
    <message>
        <source>note: %1</source>
        <translation>Hinweis: %1</translation>
    </message>
    <message>
        <source>fix: %1</source>
        <translation>Lösung: %1</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <source>Account “%1” works.</source>
        <translation>Konto „%1“ funktioniert.</translation>
    </message>
    <message>
        <source>The AWS account id of the resources (default: the role&apos;s, else *).</source>
        <translation>Die AWS-Konto-ID der Ressourcen (Standard: die der Rolle, sonst *).</translation>
    </message>
    <message>
        <source>Leave out the Marketplace statement for third-party models.</source>
        <translation>Die Marketplace-Anweisung für Drittanbietermodelle weglassen.</translation>
    </message>
    <message>
        <source>For a role: the ARN of the principal that assumes it.</source>
        <translation>Bei einer Rolle: der ARN des Prinzipals, der sie übernimmt.</translation>
    </message>
    <message>
        <source>--account-id takes a 12-digit AWS account id.</source>
        <translation>--account-id nimmt eine 12-stellige AWS-Konto-ID.</translation>
    </message>
    <message>
        <source>Exported the settings of “%1” (no secrets).</source>
        <translation>Einstellungen von „%1“ exportiert (ohne Geheimnisse).</translation>
    </message>
    <message>
        <source>The new account&apos;s name.</source>
        <translation>Der Name des neuen Kontos.</translation>
    </message>
    <message>
        <source>The accounts&apos; name prefix (default: env).</source>
        <translation>Das Namenspräfix der Konten (Standard: env).</translation>
    </message>
    <message>
        <source>The environment holds no AWS credentials to import.</source>
        <translation>Die Umgebung enthält keine AWS-Anmeldeinformationen zum Importieren.</translation>
    </message>
    <message>
        <source>Add, list, show, remove and test accounts</source>
        <translation>Konten hinzufügen, auflisten, anzeigen, entfernen und testen</translation>
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
        <translation>Ziel</translation>
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
        <translation>gesamt</translation>
    </message>
    <message>
        <source>in</source>
        <translation>ein</translation>
    </message>
    <message>
        <source>out</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Tool call %1: %2 %3</source>
        <translation>Tool-Aufruf %1: %2 %3</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Send one prompt to several models, regions or APIs at once and compare</source>
        <translation>Einen Prompt gleichzeitig an mehrere Modelle, Regionen oder APIs senden und vergleichen</translation>
    </message>
    <message>
        <source>Run `mantle compare --help` for the options.</source>
        <translation>Die Optionen zeigt `mantle compare --help`.</translation>
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
        <translation>Sendet einen Prompt mit demselben System-Prompt und denselben Tools, Schemas und
Parametern gleichzeitig an 1 bis 6 Ziele und gibt jede Antwort unter einer Überschrift
aus, danach eine Tabelle: Zeit bis zum ersten Token, Tokens pro Sekunde, Gesamtzeit,
Eingabe- und Ausgabe-Tokens, Kosten und Fehler. Ein Ziel besteht aus kommagetrennten
key=value-Einträgen: api (chat, responses oder messages), model, region und account;
was ein Ziel weglässt, kommt aus --model, --region und --account. Jedes Ziel erhält,
was seine API übertragen kann (z. B. kein seed außerhalb von Chat Completions);
Antworten werden immer gestreamt, --stream ändert also nichts. --json gibt die Tabelle
mit jeder Antwort als JSON aus, --csv die Tabelle als CSV. Exit-Code 1, wenn ein Ziel
fehlgeschlagen ist; die anderen werden trotzdem ausgegeben. Die Anmeldeinformationen
stammen aus dem Konto, sonst aus AWS_BEARER_TOKEN_BEDROCK, sonst aus
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY und AWS_SESSION_TOKEN.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Diese Hilfe anzeigen.</translation>
    </message>
    <message>
        <source>A target, e.g. api=messages,model=anthropic.claude-haiku-4-5,region=us-west-2 (repeat for each, 1 to 6).</source>
        <translation>Ein Ziel, z. B. api=messages,model=anthropic.claude-haiku-4-5,region=us-west-2 (für jedes Ziel wiederholen, 1 bis 6).</translation>
    </message>
    <message>
        <source>Compare --model through every answer API the model catalogue says it serves.</source>
        <translation>--model über jede Antwort-API vergleichen, die das Modell laut Modellkatalog anbietet.</translation>
    </message>
    <message>
        <source>Print the table as CSV (RFC 4180) instead.</source>
        <translation>Die Tabelle stattdessen als CSV (RFC 4180) ausgeben.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Verwendung: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>Unerwartetes Argument „%1“.</translation>
    </message>
    <message>
        <source>--csv and --json cannot be combined.</source>
        <translation>--csv und --json können nicht kombiniert werden.</translation>
    </message>
    <message>
        <source>compare does not run background responses.</source>
        <translation>compare führt keine Hintergrundantworten aus.</translation>
    </message>
    <message>
        <source>--cross-api and --target cannot be combined.</source>
        <translation>--cross-api und --target können nicht kombiniert werden.</translation>
    </message>
    <message>
        <source>give the targets with --target SPEC, or --cross-api.</source>
        <translation>Geben Sie die Ziele mit --target SPEC oder mit --cross-api an.</translation>
    </message>
    <message>
        <source>--cross-api needs --model.</source>
        <translation>--cross-api braucht --model.</translation>
    </message>
    <message>
        <source>The target is not known.</source>
        <translation>Das Ziel ist unbekannt.</translation>
    </message>
    <message numerus="yes">
        <source>mantle compare: %n of %1 targets failed.</source>
        <translation>
            <numerusform>mantle compare: %n von %1 Zielen ist fehlgeschlagen.</numerusform>
            <numerusform>mantle compare: %n von %1 Zielen sind fehlgeschlagen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mantle::cli::EmulatorCommand</name>
    <message>
        <source>Run a local Mantle emulator on 127.0.0.1</source>
        <translation>Einen lokalen Mantle-Emulator auf 127.0.0.1 ausführen</translation>
    </message>
</context>
<context>
    <name>mantle::cli::Mantle</name>
    <message>
        <source>Usage: mantle COMMAND [OPTIONS]</source>
        <translation>Verwendung: mantle BEFEHL [OPTIONEN]</translation>
    </message>
    <message>
        <source>Try prompts against Amazon Bedrock Mantle from the command line.</source>
        <translation>Prompts an Amazon Bedrock Mantle über die Befehlszeile ausprobieren.</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>Befehle:</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>Optionen:</translation>
    </message>
    <message>
        <source>Show this help; `mantle COMMAND --help` shows a command&apos;s.</source>
        <translation>Diese Hilfe anzeigen; `mantle BEFEHL --help` zeigt die eines Befehls.</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>Die Version anzeigen.</translation>
    </message>
    <message>
        <source>mantle: unknown command “%1”. Run `mantle --help` for the list.</source>
        <translation>mantle: Unbekannter Befehl „%1“. `mantle --help` zeigt die Liste.</translation>
    </message>
</context>
<context>
    <name>mantle::cli::ModelsCommand</name>
    <message>
        <source>Run `mantle models --help` for the options.</source>
        <translation>Die Optionen zeigt `mantle models --help`.</translation>
    </message>
    <message>
        <source>List the models of a region: live, catalogue and custom</source>
        <translation>Die Modelle einer Region auflisten: live, Katalog und eigene</translation>
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
        <translation>Listet die Modelle einer Region auf, eine ID pro Zeile: die Modelle, die die
Region anbietet (ihr Live-GET /v1/models), beschrieben durch den eingebauten
Katalog, dazu die eigenen Modelle und Anpassungen des Kontos (--account), so wie
die Modellansicht der App sie zeigt. Kann die Live-Liste nicht abgerufen werden,
schlägt der Befehl fehl; --offline listet den Katalog und die eigenen Modelle
ohne Anfrage auf. --json gibt ein Array von Objekten aus (id, displayName,
provider, surfaces, routePrefix, region, listedLive, inCatalogue, custom,
privatePrices, prices). Die Anmeldeinformationen stammen aus dem Konto, sonst
aus AWS_BEARER_TOKEN_BEDROCK, sonst aus AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
und AWS_SESSION_TOKEN.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Diese Hilfe anzeigen.</translation>
    </message>
    <message>
        <source>Print a table: id, surfaces, route prefix, region, source (live, catalogue or custom), input and output price per million tokens.</source>
        <translation>Eine Tabelle ausgeben: ID, APIs, Routenpräfix, Region, Quelle (live, Katalog oder eigen), Eingabe- und Ausgabepreis pro Million Tokens.</translation>
    </message>
    <message>
        <source>Send no request: list the built-in catalogue and the account&apos;s custom models.</source>
        <translation>Keine Anfrage senden: den eingebauten Katalog und die eigenen Modelle des Kontos auflisten.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Verwendung: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>Unerwartetes Argument „%1“.</translation>
    </message>
    <message>
        <source>--details and --json cannot be combined.</source>
        <translation>--details und --json können nicht kombiniert werden.</translation>
    </message>
</context>
<context>
    <name>mantle::cli::RegionsCommand</name>
    <message>
        <source>Run `mantle regions --help` for the options.</source>
        <translation>Die Optionen zeigt `mantle regions --help`.</translation>
    </message>
    <message>
        <source>Which of the 13 regions serve a model, with a latency probe</source>
        <translation>Welche der 13 Regionen ein Modell anbieten, mit Latenzmessung</translation>
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
        <translation>Fragt alle 13 Mantle-Regionen gleichzeitig nach ihrer Live-Modellliste
(GET /v1/models) und gibt eine Zeile pro Region aus: die Region, ihren Namen, ob sie
das Modell (--model) auflistet, wie viele Modelle sie auflistet, die Latenzmessung
(Millisekunden bis zum ersten Byte der Antwort auf die Liste, einschließlich
Verbindungsaufbau) und den Fehler einer fehlgeschlagenen Region. --json gibt {model,
shared_endpoint, answered, serving, regions: [{region, name, status, serves_model,
models_listed, latency_ms, error}]} aus. Exit-Code 0, wenn mindestens eine Region
geantwortet hat, sonst 1. Die Anmeldeinformationen stammen aus dem Konto, sonst aus
AWS_BEARER_TOKEN_BEDROCK, sonst aus AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY und
AWS_SESSION_TOKEN; mit SigV4 wird die Anfrage jeder Region für diese Region signiert.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Diese Hilfe anzeigen.</translation>
    </message>
    <message>
        <source>The model to look for in each region&apos;s list.</source>
        <translation>Das Modell, das in der Liste jeder Region gesucht wird.</translation>
    </message>
    <message>
        <source>An account of the app (see `mantle accounts`).</source>
        <translation>Ein Konto der App (siehe `mantle accounts`).</translation>
    </message>
    <message>
        <source>Send every region&apos;s request to this root URL instead of the region&apos;s own (plain http only to loopback).</source>
        <translation>Die Anfrage jeder Region an diese Stamm-URL statt an die eigene der Region senden (unverschlüsseltes http nur an Loopback-Adressen).</translation>
    </message>
    <message>
        <source>Print the result as JSON instead of a table.</source>
        <translation>Das Ergebnis als JSON statt als Tabelle ausgeben.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Verwendung: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>Unerwartetes Argument „%1“.</translation>
    </message>
    <message>
        <source>--account must not be empty.</source>
        <translation>--account darf nicht leer sein.</translation>
    </message>
    <message>
        <source>--endpoint: %1</source>
        <translation>--endpoint: %1</translation>
    </message>
    <message>
        <source>--model must not be empty.</source>
        <translation>--model darf nicht leer sein.</translation>
    </message>
</context>
<context>
    <name>mantle::cli::ReplayCommand</name>
    <message>
        <source>Run `mantle replay --help` for the options.</source>
        <translation>Die Optionen zeigt `mantle replay --help`.</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2.</source>
        <translation>„%1“ kann nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>Read a recorded stream or answer body and print the turn as JSON</source>
        <translation>Einen aufgezeichneten Stream oder Antwort-Body lesen und den Beitrag als JSON ausgeben</translation>
    </message>
    <message>
        <source>Feeds a recorded server-sent event stream (or a non-streamed JSON answer body)
through the parser and accumulator of one API and prints the final turn as
JSON: {text, reasoning, tool_calls, usage, stop_reason, response_id, error}.
An error the stream reports is part of the turn; the exit code is still 0.</source>
        <translation>Leitet einen aufgezeichneten Server-Sent-Events-Stream (oder einen nicht
gestreamten JSON-Antwort-Body) durch Parser und Akkumulator einer API und gibt
den endgültigen Beitrag als JSON aus: {text, reasoning, tool_calls, usage,
stop_reason, response_id, error}. Ein Fehler, den der Stream meldet, gehört zum
Beitrag; der Exit-Code ist trotzdem 0.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Diese Hilfe anzeigen.</translation>
    </message>
    <message>
        <source>The API that produced the recording: chat, responses or messages.</source>
        <translation>Die API, von der die Aufzeichnung stammt: chat, responses oder messages.</translation>
    </message>
    <message>
        <source>The recorded stream or answer body.</source>
        <translation>Der aufgezeichnete Stream oder Antwort-Body.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Verwendung: %1</translation>
    </message>
    <message>
        <source>--api is required (chat, responses or messages).</source>
        <translation>--api ist erforderlich (chat, responses oder messages).</translation>
    </message>
    <message>
        <source>--api “%1” is not one of chat, responses, messages.</source>
        <translation>--api „%1“ ist weder chat noch responses noch messages.</translation>
    </message>
    <message>
        <source>name the FILE to replay.</source>
        <translation>Nennen Sie die Datei (FILE), die abgespielt werden soll.</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>Unerwartetes Argument „%1“.</translation>
    </message>
</context>
<context>
    <name>mantle::cli::RequestCommand</name>
    <message>
        <source>Send a prompt with the Chat Completions API and print the answer</source>
        <translation>Einen Prompt mit der Chat-Completions-API senden und die Antwort ausgeben</translation>
    </message>
    <message>
        <source>Send a prompt with the Responses API and print the answer</source>
        <translation>Einen Prompt mit der Responses-API senden und die Antwort ausgeben</translation>
    </message>
    <message>
        <source>Send a prompt with the Anthropic Messages API and print the answer</source>
        <translation>Einen Prompt mit der Anthropic-Messages-API senden und die Antwort ausgeben</translation>
    </message>
    <message>
        <source>Count the input tokens of a Messages request</source>
        <translation>Die Eingabe-Tokens einer Messages-Anfrage zählen</translation>
    </message>
    <message>
        <source>Run `mantle %1 --help` for the options.</source>
        <translation>Die Optionen zeigt `mantle %1 --help`.</translation>
    </message>
    <message>
        <source>%1.
Credentials come from AWS_BEARER_TOKEN_BEDROCK, else AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.</source>
        <translation>%1.
Die Anmeldeinformationen stammen aus AWS_BEARER_TOKEN_BEDROCK, sonst aus
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY und AWS_SESSION_TOKEN.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Diese Hilfe anzeigen.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Verwendung: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1” (the stored-response actions are get, delete and cancel).</source>
        <translation>Unerwartetes Argument „%1“ (die Aktionen für gespeicherte Antworten sind get, delete und cancel).</translation>
    </message>
    <message>
        <source>%1 takes exactly one response id.</source>
        <translation>%1 nimmt genau eine Antwort-ID.</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>Unerwartetes Argument „%1“.</translation>
    </message>
    <message>
        <source>count-tokens does not stream.</source>
        <translation>count-tokens streamt nicht.</translation>
    </message>
</context>
<context>
    <name>mantle::cli::RequestOptions</name>
    <message>
        <source>%1: cannot read “%2”: %3.</source>
        <translation>%1: „%2“ kann nicht gelesen werden: %3.</translation>
    </message>
    <message>
        <source>%1: “%2” is not JSON (%3 at byte %4).</source>
        <translation>%1: „%2“ ist kein JSON (%3 bei Byte %4).</translation>
    </message>
    <message>
        <source>--tools: “%1” must hold a JSON array of tools.</source>
        <translation>--tools: „%1“ muss ein JSON-Array von Tools enthalten.</translation>
    </message>
    <message>
        <source>The model id, e.g. openai.gpt-oss-120b.</source>
        <translation>Die Modell-ID, z. B. openai.gpt-oss-120b.</translation>
    </message>
    <message>
        <source>The prompt (read from stdin when absent).</source>
        <translation>Der Prompt (von stdin gelesen, wenn nicht angegeben).</translation>
    </message>
    <message>
        <source>The system prompt.</source>
        <translation>Der System-Prompt.</translation>
    </message>
    <message>
        <source>The most tokens to generate.</source>
        <translation>Die Höchstzahl zu erzeugender Tokens.</translation>
    </message>
    <message>
        <source>The sampling temperature, 0 to 2.</source>
        <translation>Die Sampling-Temperatur, 0 bis 2.</translation>
    </message>
    <message>
        <source>How hard a reasoning model thinks: low, medium or high.</source>
        <translation>Wie gründlich ein Reasoning-Modell nachdenkt: low, medium oder high.</translation>
    </message>
    <message>
        <source>A JSON file with an array of tools in the API&apos;s own shape.</source>
        <translation>Eine JSON-Datei mit einem Array von Tools im eigenen Format der API.</translation>
    </message>
    <message>
        <source>auto, none, required or the name of a tool to call.</source>
        <translation>auto, none, required oder der Name eines aufzurufenden Tools.</translation>
    </message>
    <message>
        <source>A JSON Schema file the answer must follow (structured output).</source>
        <translation>Eine JSON-Schema-Datei, der die Antwort folgen muss (strukturierte Ausgabe).</translation>
    </message>
    <message>
        <source>Continue from a stored response (responses only).</source>
        <translation>An eine gespeicherte Antwort anknüpfen (nur responses).</translation>
    </message>
    <message>
        <source>Ask the server not to store the response (responses only).</source>
        <translation>Den Server bitten, die Antwort nicht zu speichern (nur responses).</translation>
    </message>
    <message>
        <source>Run the response in the background and follow it until it is done (responses only).</source>
        <translation>Die Antwort im Hintergrund ausführen und verfolgen, bis sie fertig ist (nur responses).</translation>
    </message>
    <message>
        <source>Stream the answer, printing text as it comes.</source>
        <translation>Die Antwort streamen und Text ausgeben, sobald er eintrifft.</translation>
    </message>
    <message>
        <source>Print the final turn as JSON instead of the text.</source>
        <translation>Den endgültigen Beitrag als JSON statt als Text ausgeben.</translation>
    </message>
    <message>
        <source>The AWS region (default: AWS_REGION or AWS_DEFAULT_REGION).</source>
        <translation>Die AWS-Region (Standard: AWS_REGION oder AWS_DEFAULT_REGION).</translation>
    </message>
    <message>
        <source>The root URL to send to instead of the region&apos;s Mantle host.</source>
        <translation>Die Stamm-URL, an die statt an den Mantle-Host der Region gesendet wird.</translation>
    </message>
    <message>
        <source>An account of the app (see `mantle accounts`).</source>
        <translation>Ein Konto der App (siehe `mantle accounts`).</translation>
    </message>
    <message>
        <source>--account must not be empty.</source>
        <translation>--account darf nicht leer sein.</translation>
    </message>
    <message>
        <source>--region must not be empty.</source>
        <translation>--region darf nicht leer sein.</translation>
    </message>
    <message>
        <source>--endpoint: %1</source>
        <translation>--endpoint: %1</translation>
    </message>
    <message>
        <source>--model is required.</source>
        <translation>--model ist erforderlich.</translation>
    </message>
    <message>
        <source>give the prompt with --prompt TEXT or on stdin.</source>
        <translation>Geben Sie den Prompt mit --prompt TEXT oder über stdin an.</translation>
    </message>
    <message>
        <source>--max-tokens takes a positive whole number, not “%1”.</source>
        <translation>--max-tokens nimmt eine positive ganze Zahl, nicht „%1“.</translation>
    </message>
    <message>
        <source>--temperature takes a number from 0 to 2, not “%1”.</source>
        <translation>--temperature nimmt eine Zahl von 0 bis 2, nicht „%1“.</translation>
    </message>
    <message>
        <source>--reasoning-effort takes low, medium or high, not “%1”.</source>
        <translation>--reasoning-effort nimmt low, medium oder high, nicht „%1“.</translation>
    </message>
    <message>
        <source>--tool-choice takes auto, none, required or a tool&apos;s name.</source>
        <translation>--tool-choice nimmt auto, none, required oder den Namen eines Tools.</translation>
    </message>
    <message>
        <source>--schema: “%1” must hold a JSON Schema object.</source>
        <translation>--schema: „%1“ muss ein JSON-Schema-Objekt enthalten.</translation>
    </message>
    <message>
        <source>--background is for the responses command only.</source>
        <translation>--background gibt es nur beim Befehl responses.</translation>
    </message>
    <message>
        <source>--background and --stream do not go together: a background response is followed by asking for it until it is done.</source>
        <translation>--background und --stream passen nicht zusammen: Eine Hintergrundantwort wird verfolgt, indem sie abgefragt wird, bis sie fertig ist.</translation>
    </message>
    <message>
        <source>--background needs the response stored: drop --no-store.</source>
        <translation>--background braucht eine gespeicherte Antwort: Lassen Sie --no-store weg.</translation>
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
        <translation>Keine Region: Geben Sie --region R an oder setzen Sie AWS_REGION.</translation>
    </message>
    <message>
        <source>AWS profiles are not supported by the CLI yet (%1 is set).</source>
        <translation>AWS-Profile werden von der CLI noch nicht unterstützt (%1 ist gesetzt).</translation>
    </message>
    <message>
        <source>Export the profile&apos;s keys as AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (for example with `aws configure export-credentials --format env`), or set AWS_BEARER_TOKEN_BEDROCK.</source>
        <translation>Exportieren Sie die Schlüssel des Profils als AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY und AWS_SESSION_TOKEN (zum Beispiel mit `aws configure export-credentials --format env`) oder setzen Sie AWS_BEARER_TOKEN_BEDROCK.</translation>
    </message>
    <message>
        <source>No credentials in the environment.</source>
        <translation>Keine Anmeldeinformationen in der Umgebung.</translation>
    </message>
    <message>
        <source>Set AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials).</source>
        <translation>Setzen Sie AWS_BEARER_TOKEN_BEDROCK auf einen Bedrock-API-Schlüssel, oder AWS_ACCESS_KEY_ID und AWS_SECRET_ACCESS_KEY (und AWS_SESSION_TOKEN für temporäre Anmeldeinformationen).</translation>
    </message>
    <message>
        <source>No region: give --region R, --account A or set AWS_REGION.</source>
        <translation>Keine Region: Geben Sie --region R oder --account A an oder setzen Sie AWS_REGION.</translation>
    </message>
    <message>
        <source>Tool call %1: %2 %3</source>
        <translation>Tool-Aufruf %1: %2 %3</translation>
    </message>
    <message>
        <source>The answer ended with an error: %1</source>
        <translation>Die Antwort endete mit einem Fehler: %1</translation>
    </message>
    <message>
        <source>Background response %1: %2</source>
        <translation>Hintergrundantwort %1: %2</translation>
    </message>
    <message>
        <source>Deleted %1.</source>
        <translation>%1 gelöscht.</translation>
    </message>
    <message>
        <source>Response %1: %2</source>
        <translation>Antwort %1: %2</translation>
    </message>
    <message>
        <source>The count tokens answer has no input_tokens.</source>
        <translation>Die Antwort der Token-Zählung enthält kein input_tokens.</translation>
    </message>
    <message>
        <source>No region answered.</source>
        <translation>Keine Region hat geantwortet.</translation>
    </message>
</context>
<context>
    <name>mantle::cli::SignCommand</name>
    <message>
        <source>Run `mantle sign --help` for the options.</source>
        <translation>Die Optionen zeigt `mantle sign --help`.</translation>
    </message>
    <message>
        <source>Sign a request with SigV4 and print the signature as JSON</source>
        <translation>Eine Anfrage mit SigV4 signieren und die Signatur als JSON ausgeben</translation>
    </message>
    <message>
        <source>Signs one HTTP request with AWS Signature Version 4 and prints JSON:
{canonical_request, string_to_sign, signature, authorization, headers, url}.
Credentials come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
AWS_SESSION_TOKEN; nothing is sent.</source>
        <translation>Signiert eine HTTP-Anfrage mit AWS Signature Version 4 und gibt JSON aus:
{canonical_request, string_to_sign, signature, authorization, headers, url}.
Die Anmeldeinformationen stammen aus AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
und AWS_SESSION_TOKEN; es wird nichts gesendet.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Diese Hilfe anzeigen.</translation>
    </message>
    <message>
        <source>The HTTP method (GET).</source>
        <translation>Die HTTP-Methode (GET).</translation>
    </message>
    <message>
        <source>The full request URL.</source>
        <translation>Die vollständige Anfrage-URL.</translation>
    </message>
    <message>
        <source>A header to sign, as &apos;Name: value&apos; (repeatable).</source>
        <translation>Ein zu signierender Header als &apos;Name: value&apos; (wiederholbar).</translation>
    </message>
    <message>
        <source>A file whose bytes are the request body.</source>
        <translation>Eine Datei, deren Bytes der Anfrage-Body sind.</translation>
    </message>
    <message>
        <source>The signing region.</source>
        <translation>Die Signaturregion.</translation>
    </message>
    <message>
        <source>The signing service (bedrock-mantle).</source>
        <translation>Der Signaturservice (bedrock-mantle).</translation>
    </message>
    <message>
        <source>The signing time, YYYYMMDDTHHMMSSZ (now).</source>
        <translation>Der Signaturzeitpunkt, YYYYMMDDTHHMMSSZ (jetzt).</translation>
    </message>
    <message>
        <source>Do not add and sign the x-amz-content-sha256 header.</source>
        <translation>Den Header x-amz-content-sha256 nicht hinzufügen und signieren.</translation>
    </message>
    <message>
        <source>Sign as a presigned URL valid for SECONDS instead of with a header.</source>
        <translation>Als vorsignierte URL signieren, SECONDS lang gültig, statt mit einem Header.</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>Unerwartetes Argument „%1“.</translation>
    </message>
    <message>
        <source>--url is required.</source>
        <translation>--url ist erforderlich.</translation>
    </message>
    <message>
        <source>--region is required.</source>
        <translation>--region ist erforderlich.</translation>
    </message>
    <message>
        <source>“%1” is not a region code such as us-east-1.</source>
        <translation>„%1“ ist kein Regionscode wie us-east-1.</translation>
    </message>
    <message>
        <source>Mantle is not served in “%1”. Its regions are: %2.</source>
        <translation>Mantle wird in „%1“ nicht angeboten. Seine Regionen sind: %2.</translation>
    </message>
    <message>
        <source>“%1” is not a service name.</source>
        <translation>„%1“ ist kein Servicename.</translation>
    </message>
    <message>
        <source>--time “%1” is not of the form YYYYMMDDTHHMMSSZ (for example 20260101T120000Z).</source>
        <translation>--time „%1“ hat nicht die Form YYYYMMDDTHHMMSSZ (zum Beispiel 20260101T120000Z).</translation>
    </message>
    <message>
        <source>--presign takes a number of seconds from 1 to 604800.</source>
        <translation>--presign nimmt eine Anzahl Sekunden von 1 bis 604800.</translation>
    </message>
    <message>
        <source>--method must not be empty.</source>
        <translation>--method darf nicht leer sein.</translation>
    </message>
    <message>
        <source>--header “%1” is not of the form &apos;Name: value&apos;.</source>
        <translation>--header „%1“ hat nicht die Form &apos;Name: value&apos;.</translation>
    </message>
    <message>
        <source>Cannot read the body file “%1”: %2.</source>
        <translation>Die Body-Datei „%1“ kann nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>No AWS credentials in the environment.</source>
        <translation>Keine AWS-Anmeldeinformationen in der Umgebung.</translation>
    </message>
    <message>
        <source>Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials).</source>
        <translation>Setzen Sie AWS_ACCESS_KEY_ID und AWS_SECRET_ACCESS_KEY (und AWS_SESSION_TOKEN für temporäre Anmeldeinformationen).</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Verwendung: %1</translation>
    </message>
</context>
<context>
    <name>mantle::cli::SnippetCommand</name>
    <message>
        <source>--spec: cannot read “%1”: %2.</source>
        <translation>--spec: „%1“ kann nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>--spec: “%1” does not hold a JSON object.</source>
        <translation>--spec: „%1“ enthält kein JSON-Objekt.</translation>
    </message>
    <message>
        <source>--spec: %1</source>
        <translation>--spec: %1</translation>
    </message>
    <message>
        <source>Print a request as a program (Python, TypeScript, curl)</source>
        <translation>Eine Anfrage als Programm ausgeben (Python, TypeScript, curl)</translation>
    </message>
    <message>
        <source>Run `mantle snippet --help` for the options.</source>
        <translation>Die Optionen zeigt `mantle snippet --help`.</translation>
    </message>
    <message>
        <source>%1.
The program reads its credentials from the environment when it runs
(AWS_BEARER_TOKEN_BEDROCK, or the AWS_* key variables or AWS_PROFILE for SigV4);
this command reads none and sends nothing.</source>
        <translation>%1.
Das Programm liest seine Anmeldeinformationen beim Ausführen aus der Umgebung
(AWS_BEARER_TOKEN_BEDROCK oder für SigV4 die AWS_*-Schlüsselvariablen oder
AWS_PROFILE); dieser Befehl liest keine und sendet nichts.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Diese Hilfe anzeigen.</translation>
    </message>
    <message>
        <source>The API: %1.</source>
        <translation>Die API: %1.</translation>
    </message>
    <message>
        <source>The language: %1.</source>
        <translation>Die Sprache: %1.</translation>
    </message>
    <message>
        <source>A request description (RequestSpec JSON) instead of the request flags.</source>
        <translation>Eine Anfragebeschreibung (RequestSpec-JSON) statt der Anfrage-Flags.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Verwendung: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>Unerwartetes Argument „%1“.</translation>
    </message>
    <message>
        <source>--lang is required (%1).</source>
        <translation>--lang ist erforderlich (%1).</translation>
    </message>
    <message>
        <source>--lang takes %1, not “%2”.</source>
        <translation>--lang nimmt %1, nicht „%2“.</translation>
    </message>
    <message>
        <source>--api takes %1, not “%2”.</source>
        <translation>--api nimmt %1, nicht „%2“.</translation>
    </message>
    <message>
        <source>--spec replaces --%1: give one or the other.</source>
        <translation>--spec ersetzt --%1: Geben Sie nur eines von beiden an.</translation>
    </message>
    <message>
        <source>--api %1 does not match the spec&apos;s API (%2).</source>
        <translation>--api %1 passt nicht zur API der Spezifikation (%2).</translation>
    </message>
    <message>
        <source>--api is required (%1).</source>
        <translation>--api ist erforderlich (%1).</translation>
    </message>
</context>
<context>
    <name>mantle::cli::TokenCommand</name>
    <message>
        <source>Run `mantle token --help` for the options.</source>
        <translation>Die Optionen zeigt `mantle token --help`.</translation>
    </message>
    <message>
        <source>A short-term API key is made from SigV4 credentials (access keys or a role), not from another API key: use such an account, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN).</source>
        <translation>Ein kurzfristiger API-Schlüssel wird aus SigV4-Anmeldeinformationen (Zugriffsschlüssel oder eine Rolle) erzeugt, nicht aus einem anderen API-Schlüssel: Verwenden Sie ein solches Konto oder setzen Sie AWS_ACCESS_KEY_ID und AWS_SECRET_ACCESS_KEY (und AWS_SESSION_TOKEN).</translation>
    </message>
    <message>
        <source>Make a short-term Bedrock API key from SigV4 credentials</source>
        <translation>Einen kurzfristigen Bedrock-API-Schlüssel aus SigV4-Anmeldeinformationen erzeugen</translation>
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
        <translation>Erzeugt lokal aus SigV4-Anmeldeinformationen einen kurzfristigen Bedrock-API-Schlüssel
(&quot;bedrock-api-key-…&quot;, bis zu 12 Stunden und in einer Region gültig), wie es die
Token-Generatoren von AWS tun, und gibt ihn allein auf stdout aus, sodass
  export AWS_BEARER_TOKEN_BEDROCK=$(mantle token --region us-east-1)
funktioniert; Ablaufzeit und Region gehen an stderr. Die Anmeldeinformationen stammen
aus dem Konto (--account: Zugriffsschlüssel oder eine über STS übernommene Rolle),
sonst aus AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY und AWS_SESSION_TOKEN. Temporäre
Anmeldeinformationen, die früher ablaufen, verkürzen die Lebensdauer des Schlüssels
auf ihre eigene. Der Schlüssel gilt unabhängig davon, an welchen Endpunkt eine Anfrage
geht; --endpoint wird aus Symmetrie zu den anderen Befehlen akzeptiert.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Diese Hilfe anzeigen.</translation>
    </message>
    <message>
        <source>How long the key lives, in seconds: %1 to %2 (the default).</source>
        <translation>Wie lange der Schlüssel gilt, in Sekunden: %1 bis %2 (Standardwert).</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Verwendung: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>Unerwartetes Argument „%1“.</translation>
    </message>
    <message>
        <source>--expires-in takes seconds from %1 to %2, not “%3”.</source>
        <translation>--expires-in nimmt Sekunden von %1 bis %2, nicht „%3“.</translation>
    </message>
    <message>
        <source>The account “%1” uses an API key: it has no SigV4 credentials.</source>
        <translation>Das Konto „%1“ verwendet einen API-Schlüssel: Es hat keine SigV4-Anmeldeinformationen.</translation>
    </message>
    <message>
        <source>The environment has an API key (AWS_BEARER_TOKEN_BEDROCK) but no SigV4 credentials.</source>
        <translation>Die Umgebung enthält einen API-Schlüssel (AWS_BEARER_TOKEN_BEDROCK), aber keine SigV4-Anmeldeinformationen.</translation>
    </message>
    <message>
        <source>No credentials in the environment.</source>
        <translation>Keine Anmeldeinformationen in der Umgebung.</translation>
    </message>
    <message>
        <source>Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials), or give --account A.</source>
        <translation>Setzen Sie AWS_ACCESS_KEY_ID und AWS_SECRET_ACCESS_KEY (und AWS_SESSION_TOKEN für temporäre Anmeldeinformationen) oder geben Sie --account A an.</translation>
    </message>
    <message>
        <source>No region: give --region R, --account A or set AWS_REGION.</source>
        <translation>Keine Region: Geben Sie --region R oder --account A an oder setzen Sie AWS_REGION.</translation>
    </message>
    <message>
        <source>“%1” is not one of Mantle&apos;s regions.</source>
        <translation>„%1“ ist keine der Mantle-Regionen.</translation>
    </message>
    <message>
        <source>expires at %1 (region %2)</source>
        <translation>läuft am %1 ab (Region %2)</translation>
    </message>
    <message>
        <source>The key lives %1 seconds only: the temporary credentials it was made from expire then.</source>
        <translation>Der Schlüssel gilt nur %1 Sekunden: Dann laufen die temporären Anmeldeinformationen ab, aus denen er erzeugt wurde.</translation>
    </message>
</context>
<context>
    <name>mantle::codeexport::SnippetGenerator</name>
    <message>
        <source>A %1 request cannot be exported as %2.</source>
        <translation>Eine %1-Anfrage kann nicht als %2 exportiert werden.</translation>
    </message>
    <message>
        <source>No language fits this API.</source>
        <translation>Keine Sprache passt zu dieser API.</translation>
    </message>
    <message>
        <source>Languages that fit: %1.</source>
        <translation>Passende Sprachen: %1.</translation>
    </message>
    <message>
        <source>Unknown snippet language.</source>
        <translation>Unbekannte Snippet-Sprache.</translation>
    </message>
</context>
<context>
    <name>mantle::compare::CompareRun</name>
    <message>
        <source>No target to compare.</source>
        <translation>Kein Ziel zum Vergleichen.</translation>
    </message>
    <message>
        <source>Add at least one target.</source>
        <translation>Fügen Sie mindestens ein Ziel hinzu.</translation>
    </message>
    <message>
        <source>%1 targets are too many: at most %2 are compared at once.</source>
        <translation>%1 Ziele sind zu viele: Höchstens %2 werden gleichzeitig verglichen.</translation>
    </message>
    <message>
        <source>Remove some targets.</source>
        <translation>Entfernen Sie einige Ziele.</translation>
    </message>
    <message>
        <source>Target %1 names no model.</source>
        <translation>Ziel %1 nennt kein Modell.</translation>
    </message>
    <message>
        <source>Target %1 uses the %2 API, which gives no answer.</source>
        <translation>Ziel %1 verwendet die %2-API, die keine Antwort liefert.</translation>
    </message>
    <message>
        <source>The target “%1” is given twice.</source>
        <translation>Das Ziel „%1“ ist doppelt angegeben.</translation>
    </message>
    <message>
        <source>No way to resolve the target is set.</source>
        <translation>Es ist keine Möglichkeit festgelegt, das Ziel aufzulösen.</translation>
    </message>
    <message>
        <source>The comparison was cancelled.</source>
        <translation>Der Vergleich wurde abgebrochen.</translation>
    </message>
</context>
<context>
    <name>mantle::compare::CompareTarget</name>
    <message>
        <source>A target reads like api=chat,model=openai.gpt-oss-120b,region=us-east-1,account=NAME.</source>
        <translation>Ein Ziel sieht so aus: api=chat,model=openai.gpt-oss-120b,region=us-east-1,account=NAME.</translation>
    </message>
    <message>
        <source>The target item “%1” is not of the form key=value.</source>
        <translation>Der Zieleintrag „%1“ hat nicht die Form key=value.</translation>
    </message>
    <message>
        <source>The target item “%1” has an unknown key (the keys are api, model, region and account).</source>
        <translation>Der Zieleintrag „%1“ hat einen unbekannten Schlüssel (die Schlüssel sind api, model, region und account).</translation>
    </message>
    <message>
        <source>The target item “%1” repeats the key “%2”.</source>
        <translation>Der Zieleintrag „%1“ wiederholt den Schlüssel „%2“.</translation>
    </message>
    <message>
        <source>The target item “%1” has no value.</source>
        <translation>Der Zieleintrag „%1“ hat keinen Wert.</translation>
    </message>
    <message>
        <source>The target item “%1” names no answer API (the APIs are chat, responses and messages).</source>
        <translation>Der Zieleintrag „%1“ nennt keine Antwort-API (die APIs sind chat, responses und messages).</translation>
    </message>
    <message>
        <source>The target “%1” names no model.</source>
        <translation>Das Ziel „%1“ nennt kein Modell.</translation>
    </message>
</context>
<context>
    <name>mantle::compare::RegionMatrix</name>
    <message>
        <source>Unknown error.</source>
        <translation>Unbekannter Fehler.</translation>
    </message>
    <message>
        <source>No way to reach the region.</source>
        <translation>Keine Möglichkeit, die Region zu erreichen.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Angehalten.</translation>
    </message>
</context>
<context>
    <name>mantle::emulator::EmulatorProgram</name>
    <message>
        <source>Run `%1 --help` for the options.</source>
        <translation>Die Optionen zeigt `%1 --help`.</translation>
    </message>
    <message>
        <source>A local Amazon Bedrock Mantle on 127.0.0.1, for tests and demos.
It accepts SigV4 with the access key id AKIDMANTLEEMULATOR and the secret
mantle-emulator-secret, and the API key mantle-emulator-key (Authorization:
Bearer, or x-api-key under /anthropic). A request can ask for faults with the
header x-emulator-fault (latency=MS; status=CODE; retry-after=S; access-denied;
wrong-prefix; drop-after=N; malformed-after=N; stall-after=N) and for a pace
between stream events with x-emulator-pace: MS.</source>
        <translation>Ein lokales Amazon Bedrock Mantle auf 127.0.0.1 für Tests und Demos.
Es akzeptiert SigV4 mit der Zugriffsschlüssel-ID AKIDMANTLEEMULATOR und dem
Geheimnis mantle-emulator-secret sowie den API-Schlüssel mantle-emulator-key
(Authorization: Bearer oder x-api-key unter /anthropic). Eine Anfrage kann mit
dem Header x-emulator-fault Fehler anfordern (latency=MS; status=CODE;
retry-after=S; access-denied; wrong-prefix; drop-after=N; malformed-after=N;
stall-after=N) und mit x-emulator-pace: MS eine Pause zwischen
Stream-Ereignissen.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Diese Hilfe anzeigen.</translation>
    </message>
    <message>
        <source>The port on 127.0.0.1 (0, the default, picks a free one).</source>
        <translation>Der Port auf 127.0.0.1 (0, der Standard, wählt einen freien).</translation>
    </message>
    <message>
        <source>The region of requests whose signature or Host names none (default us-east-1).</source>
        <translation>Die Region von Anfragen, deren Signatur oder Host keine nennt (Standard: us-east-1).</translation>
    </message>
    <message>
        <source>Milliseconds between two events of a streamed answer (default 0: all at once); a request&apos;s x-emulator-pace header overrides it.</source>
        <translation>Millisekunden zwischen zwei Ereignissen einer gestreamten Antwort (Standard 0: alle auf einmal); der Header x-emulator-pace einer Anfrage hat Vorrang.</translation>
    </message>
    <message>
        <source>Stream without chunked encoding, ending each stream by closing the connection.</source>
        <translation>Ohne Chunked Encoding streamen und jeden Stream durch Schließen der Verbindung beenden.</translation>
    </message>
    <message>
        <source>Log every request on standard error.</source>
        <translation>Jede Anfrage auf der Standardfehlerausgabe protokollieren.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Verwendung: %1</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>Unerwartetes Argument „%1“.</translation>
    </message>
    <message>
        <source>--port takes a number from 0 to 65535, not “%1”.</source>
        <translation>--port nimmt eine Zahl von 0 bis 65535, nicht „%1“.</translation>
    </message>
    <message>
        <source>--region must be one of the Mantle regions (%1), not “%2”.</source>
        <translation>--region muss eine der Mantle-Regionen sein (%1), nicht „%2“.</translation>
    </message>
    <message>
        <source>--pace-ms takes milliseconds from 0 to %1, not “%2”.</source>
        <translation>--pace-ms nimmt Millisekunden von 0 bis %1, nicht „%2“.</translation>
    </message>
    <message>
        <source>%1: cannot listen on 127.0.0.1:%2: %3</source>
        <translation>%1: Auf 127.0.0.1:%2 kann nicht gelauscht werden: %3</translation>
    </message>
</context>
<context>
    <name>mantle::emulator::FaultPlan</name>
    <message>
        <source>The fault “%1” takes no value.</source>
        <translation>Der Fehler „%1“ nimmt keinen Wert.</translation>
    </message>
    <message>
        <source>The fault “%1” needs a value (%1=N).</source>
        <translation>Der Fehler „%1“ braucht einen Wert (%1=N).</translation>
    </message>
    <message>
        <source>Unknown fault “%1” (known: latency, status, retry-after, access-denied, wrong-prefix, drop-after, malformed-after, stall-after).</source>
        <translation>Unbekannter Fehler „%1“ (bekannt: latency, status, retry-after, access-denied, wrong-prefix, drop-after, malformed-after, stall-after).</translation>
    </message>
    <message>
        <source>The fault “%1” needs a number from %2 to %3, not “%4”.</source>
        <translation>Der Fehler „%1“ braucht eine Zahl von %2 bis %3, nicht „%4“.</translation>
    </message>
    <message>
        <source>The fault “retry-after” goes with a “status” fault.</source>
        <translation>Der Fehler „retry-after“ gehört zu einem „status“-Fehler.</translation>
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
        <translation>Tokens zählen</translation>
    </message>
    <message>
        <source>List models</source>
        <translation>Modelle auflisten</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::CostLedger</name>
    <message>
        <source>A cost total has no valid amount.</source>
        <translation>Eine Kostensumme hat keinen gültigen Betrag.</translation>
    </message>
    <message>
        <source>The cost ledger is not in %1.</source>
        <translation>Das Kostenbuch ist nicht in %1.</translation>
    </message>
    <message>
        <source>The cost ledger has an invalid day &quot;%1&quot;.</source>
        <translation>Das Kostenbuch enthält einen ungültigen Tag &quot;%1&quot;.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::Endpoint</name>
    <message>
        <source>Give the root URL to which /v1, /openai/v1 or /anthropic/v1 is added, such as https://bedrock-mantle.us-east-1.api.aws, or http://127.0.0.1:8080 for a local emulator.</source>
        <translation>Geben Sie die Stamm-URL an, an die /v1, /openai/v1 oder /anthropic/v1 angehängt wird, etwa https://bedrock-mantle.us-east-1.api.aws, oder http://127.0.0.1:8080 für einen lokalen Emulator.</translation>
    </message>
    <message>
        <source>Start it with https:// (or http:// for a local emulator on this computer).</source>
        <translation>Beginnen Sie sie mit https:// (oder http:// für einen lokalen Emulator auf diesem Computer).</translation>
    </message>
    <message>
        <source>No endpoint URL is given.</source>
        <translation>Es ist keine Endpunkt-URL angegeben.</translation>
    </message>
    <message>
        <source>“%1” has no scheme.</source>
        <translation>„%1“ hat kein Schema.</translation>
    </message>
    <message>
        <source>The endpoint URL contains a user name or password (the part before “@”).</source>
        <translation>Die Endpunkt-URL enthält einen Benutzernamen oder ein Passwort (den Teil vor „@“).</translation>
    </message>
    <message>
        <source>Remove it: credentials belong in the account or the environment, never in the URL.</source>
        <translation>Entfernen Sie ihn: Anmeldeinformationen gehören ins Konto oder in die Umgebung, nie in die URL.</translation>
    </message>
    <message>
        <source>“%1” is not a valid URL.</source>
        <translation>„%1“ ist keine gültige URL.</translation>
    </message>
    <message>
        <source>“%1” uses the scheme “%2”, which an endpoint cannot use.</source>
        <translation>„%1“ verwendet das Schema „%2“, das ein Endpunkt nicht verwenden kann.</translation>
    </message>
    <message>
        <source>“%1” has no host name.</source>
        <translation>„%1“ hat keinen Hostnamen.</translation>
    </message>
    <message>
        <source>“%1” has an invalid port.</source>
        <translation>„%1“ hat einen ungültigen Port.</translation>
    </message>
    <message>
        <source>Give a port from 1 to 65535, or none for the scheme&apos;s default.</source>
        <translation>Geben Sie einen Port von 1 bis 65535 an oder keinen für den Standardport des Schemas.</translation>
    </message>
    <message>
        <source>“%1” has a query (“?…”), which an endpoint cannot have.</source>
        <translation>„%1“ enthält eine Abfrage („?…“), die ein Endpunkt nicht haben darf.</translation>
    </message>
    <message>
        <source>“%1” has a fragment (“#…”), which an endpoint cannot have.</source>
        <translation>„%1“ enthält ein Fragment („#…“), das ein Endpunkt nicht haben darf.</translation>
    </message>
    <message>
        <source>“%1” uses plain http to %2, which is not this computer: credentials and prompts would travel unencrypted.</source>
        <translation>„%1“ verwendet unverschlüsseltes http zu %2, also nicht zu diesem Computer: Anmeldeinformationen und Prompts würden unverschlüsselt übertragen.</translation>
    </message>
    <message>
        <source>Use https://. Plain http:// is only for a local emulator on 127.0.0.1, ::1 or localhost.</source>
        <translation>Verwenden Sie https://. Unverschlüsseltes http:// ist nur für einen lokalen Emulator auf 127.0.0.1, ::1 oder localhost gedacht.</translation>
    </message>
    <message>
        <source>“%1” has “.” or “..” in its path.</source>
        <translation>„%1“ enthält „.“ oder „..“ im Pfad.</translation>
    </message>
    <message>
        <source>Write the path prefix out in full, such as https://gateway.example.com/mantle.</source>
        <translation>Schreiben Sie das Pfadpräfix vollständig aus, etwa https://gateway.example.com/mantle.</translation>
    </message>
    <message>
        <source>“%1” already ends with the route “%2”, which is added to every request.</source>
        <translation>„%1“ endet bereits mit der Route „%2“, die an jede Anfrage angehängt wird.</translation>
    </message>
    <message>
        <source>Give the root URL without it: %1</source>
        <translation>Geben Sie die Stamm-URL ohne sie an: %1</translation>
    </message>
    <message>
        <source>No region is set.</source>
        <translation>Es ist keine Region festgelegt.</translation>
    </message>
    <message>
        <source>Choose one of the regions that serve Bedrock Mantle: %1.</source>
        <translation>Wählen Sie eine der Regionen, die Bedrock Mantle anbieten: %1.</translation>
    </message>
    <message>
        <source>The region “%1” does not serve Bedrock Mantle.</source>
        <translation>Die Region „%1“ bietet Bedrock Mantle nicht an.</translation>
    </message>
    <message>
        <source>“%1” is not an AWS region code.</source>
        <translation>„%1“ ist kein AWS-Regionscode.</translation>
    </message>
    <message>
        <source>Use one of the regions that serve Bedrock Mantle: %1.</source>
        <translation>Verwenden Sie eine der Regionen, die Bedrock Mantle anbieten: %1.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelCatalogue</name>
    <message>
        <source>The model catalogue is not a JSON object: %1</source>
        <translation>Der Modellkatalog ist kein JSON-Objekt: %1</translation>
    </message>
    <message>
        <source>The model catalogue has no &quot;models&quot; list.</source>
        <translation>Der Modellkatalog hat keine Liste &quot;models&quot;.</translation>
    </message>
    <message>
        <source>The model catalogue lists %1 twice.</source>
        <translation>Der Modellkatalog führt %1 zweimal auf.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelInfo</name>
    <message>
        <source>The surfaces must be a list of names such as &quot;chat&quot;.</source>
        <translation>Die APIs müssen eine Liste von Namen wie &quot;chat&quot; sein.</translation>
    </message>
    <message>
        <source>Unknown API surface &quot;%1&quot;; known are: %2.</source>
        <translation>Unbekannte API &quot;%1&quot;; bekannt sind: %2.</translation>
    </message>
    <message>
        <source>A model entry has no id.</source>
        <translation>Ein Modelleintrag hat keine ID.</translation>
    </message>
    <message>
        <source>The context size of %1 must be a whole number of tokens.</source>
        <translation>Die Kontextgröße von %1 muss eine ganze Zahl von Tokens sein.</translation>
    </message>
    <message>
        <source>Model %1: %2</source>
        <translation>Modell %1: %2</translation>
    </message>
    <message>
        <source>The prices of %1 must be an object or null.</source>
        <translation>Die Preise von %1 müssen ein Objekt oder null sein.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelList</name>
    <message>
        <source>The model list answer is not an OpenAI-style list of models.</source>
        <translation>Die Antwort der Modellliste ist keine Modellliste im OpenAI-Format.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelPrices</name>
    <message>
        <source>The price &quot;%1&quot; must be a number of zero or more.</source>
        <translation>Der Preis &quot;%1&quot; muss eine Zahl größer oder gleich null sein.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::ModelSettings</name>
    <message>
        <source>A model setting has no valid model id (&quot;%1&quot;).</source>
        <translation>Eine Modelleinstellung hat keine gültige Modell-ID (&quot;%1&quot;).</translation>
    </message>
    <message>
        <source>Model %1: %2 is not a Mantle region; Mantle serves %3.</source>
        <translation>Modell %1: %2 ist keine Mantle-Region; Mantle wird in %3 angeboten.</translation>
    </message>
    <message>
        <source>Model %1: the route prefix must be &quot;v1&quot; or &quot;openai-v1&quot;.</source>
        <translation>Modell %1: Das Routenpräfix muss &quot;v1&quot; oder &quot;openai-v1&quot; sein.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a model id.</source>
        <translation>&quot;%1&quot; ist keine Modell-ID.</translation>
    </message>
    <message>
        <source>Use the bare id that the model list shows, such as openai.gpt-oss-120b.</source>
        <translation>Verwenden Sie die reine ID, die die Modellliste zeigt, etwa openai.gpt-oss-120b.</translation>
    </message>
    <message>
        <source>The model settings list %1 twice.</source>
        <translation>Die Modelleinstellungen führen %1 zweimal auf.</translation>
    </message>
    <message>
        <source>The model picker&apos;s list is not a list of model ids.</source>
        <translation>Die Liste der Modellauswahl ist keine Liste von Modell-IDs.</translation>
    </message>
</context>
<context>
    <name>mantle::mantle::RouteResolver</name>
    <message>
        <source>No model is chosen for the %1 request.</source>
        <translation>Für die %1-Anfrage ist kein Modell ausgewählt.</translation>
    </message>
    <message>
        <source>Choose one of the models the region serves.</source>
        <translation>Wählen Sie eines der Modelle, die die Region anbietet.</translation>
    </message>
    <message>
        <source>“%1” is not a valid resource path.</source>
        <translation>„%1“ ist kein gültiger Ressourcenpfad.</translation>
    </message>
    <message>
        <source>Give non-empty path segments such as responses/resp_123/cancel, with anything but letters, digits and -._~ percent-encoded.</source>
        <translation>Geben Sie nicht leere Pfadsegmente an, etwa responses/resp_123/cancel, wobei alles außer Buchstaben, Ziffern und -._~ prozentkodiert ist.</translation>
    </message>
</context>
<context>
    <name>mantle::net::HttpCall</name>
    <message>
        <source>The request to %1 was cancelled.</source>
        <translation>Die Anfrage an %1 wurde abgebrochen.</translation>
    </message>
    <message>
        <source>There are no AWS credentials to sign the request to %1 with.</source>
        <translation>Es gibt keine AWS-Anmeldeinformationen, um die Anfrage an %1 zu signieren.</translation>
    </message>
    <message>
        <source>Choose an account with AWS credentials, or use an API key.</source>
        <translation>Wählen Sie ein Konto mit AWS-Anmeldeinformationen oder verwenden Sie einen API-Schlüssel.</translation>
    </message>
    <message>
        <source>Check the network connection and the proxy settings, then try again.</source>
        <translation>Prüfen Sie die Netzwerkverbindung und die Proxy-Einstellungen und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>Could not connect to %1: the connection was refused.</source>
        <translation>Keine Verbindung zu %1: Die Verbindung wurde abgelehnt.</translation>
    </message>
    <message>
        <source>Check the endpoint URL and that nothing (a firewall, a proxy) blocks it.</source>
        <translation>Prüfen Sie die Endpunkt-URL und ob nichts (eine Firewall, ein Proxy) sie blockiert.</translation>
    </message>
    <message>
        <source>Could not find the host %1.</source>
        <translation>Der Host %1 wurde nicht gefunden.</translation>
    </message>
    <message>
        <source>Check the region or endpoint, the network connection and the DNS or proxy settings.</source>
        <translation>Prüfen Sie Region oder Endpunkt, die Netzwerkverbindung und die DNS- oder Proxy-Einstellungen.</translation>
    </message>
    <message>
        <source>The connection to %1 was closed before the answer was complete.</source>
        <translation>Die Verbindung zu %1 wurde geschlossen, bevor die Antwort vollständig war.</translation>
    </message>
    <message>
        <source>The secure connection to %1 failed: %2</source>
        <translation>Die sichere Verbindung zu %1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>A proxy that inspects TLS may be in the way, or the system&apos;s certificates may be out of date.</source>
        <translation>Möglicherweise steht ein Proxy im Weg, der TLS untersucht, oder die Zertifikate des Systems sind veraltet.</translation>
    </message>
    <message>
        <source>Could not reach %1: %2</source>
        <translation>%1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>Could not connect to %1 within %2 seconds.</source>
        <translation>Keine Verbindung zu %1 innerhalb von %2 Sekunden.</translation>
    </message>
    <message>
        <source>%1 sent nothing for %2 seconds, so the request was stopped.</source>
        <translation>%1 hat %2 Sekunden lang nichts gesendet, daher wurde die Anfrage beendet.</translation>
    </message>
</context>
<context>
    <name>mantle::net::SseParser</name>
    <message>
        <source>Server-sent events come in short lines. Check that the endpoint is the one you meant and that no proxy in between changes the answer.</source>
        <translation>Server-Sent Events bestehen aus kurzen Zeilen. Prüfen Sie, ob der Endpunkt der gemeinte ist und kein Proxy dazwischen die Antwort verändert.</translation>
    </message>
    <message>
        <source>The event stream sent a line longer than %1 and was stopped.</source>
        <translation>Der Ereignisstream hat eine Zeile länger als %1 gesendet und wurde beendet.</translation>
    </message>
    <message>
        <source>The event stream sent an event larger than %1 and was stopped.</source>
        <translation>Der Ereignisstream hat ein Ereignis größer als %1 gesendet und wurde beendet.</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::BackgroundPoller</name>
    <message>
        <source>Stopped following the background response %1; it goes on running on the server.</source>
        <translation>Die Hintergrundantwort %1 wird nicht mehr verfolgt; sie läuft auf dem Server weiter.</translation>
    </message>
    <message>
        <source>The background response %1 was still “%2” after %3 seconds.</source>
        <translation>Die Hintergrundantwort %1 war nach %3 Sekunden noch „%2“.</translation>
    </message>
    <message>
        <source>It goes on running on the server: look it up later with its id.</source>
        <translation>Sie läuft auf dem Server weiter: Rufen Sie sie später über ihre ID ab.</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::MantleCall</name>
    <message>
        <source>The request was cancelled.</source>
        <translation>Die Anfrage wurde abgebrochen.</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::RequestRecord</name>
    <message>
        <source>a [name, value] pair</source>
        <translation>ein Paar [Name, Wert]</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::RouteMemory</name>
    <message>
        <source>Could not read the learned routes in %1: %2</source>
        <translation>Die gelernten Routen in %1 konnten nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>The learned routes in %1 are not valid JSON.</source>
        <translation>Die gelernten Routen in %1 sind kein gültiges JSON.</translation>
    </message>
    <message>
        <source>Delete the file; routes are learned again as needed.</source>
        <translation>Löschen Sie die Datei; Routen werden bei Bedarf neu gelernt.</translation>
    </message>
    <message>
        <source>Could not save the learned routes to %1: %2</source>
        <translation>Die gelernten Routen konnten nicht in %1 gespeichert werden: %2</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::StoredResponseCall</name>
    <message>
        <source>The server did not confirm that the response %1 was deleted.</source>
        <translation>Der Server hat nicht bestätigt, dass die Antwort %1 gelöscht wurde.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::TokenCounter</name>
    <message>
        <source>Tokens are counted for Messages requests only, not for %1.</source>
        <translation>Tokens werden nur für Messages-Anfragen gezählt, nicht für %1.</translation>
    </message>
    <message>
        <source>The count tokens answer has no input_tokens.</source>
        <translation>Die Antwort der Token-Zählung enthält kein input_tokens.</translation>
    </message>
</context>
<context>
    <name>mantle::pipeline::TurnCall</name>
    <message>
        <source>The %1 API takes no request body.</source>
        <translation>Die %1-API nimmt keinen Anfrage-Body.</translation>
    </message>
    <message>
        <source>The %1 API does not answer with a turn.</source>
        <translation>Die %1-API antwortet nicht mit einem Beitrag.</translation>
    </message>
    <message>
        <source>The request was cancelled.</source>
        <translation>Die Anfrage wurde abgebrochen.</translation>
    </message>
    <message>
        <source>The stream from %1 ended before the answer was complete: its final event never came.</source>
        <translation>Der Stream von %1 endete, bevor die Antwort vollständig war: Sein letztes Ereignis kam nie an.</translation>
    </message>
    <message>
        <source>What arrived is kept; try the request again.</source>
        <translation>Was angekommen ist, bleibt erhalten; senden Sie die Anfrage erneut.</translation>
    </message>
</context>
<context>
    <name>mantle::schema::SchemaValidator</name>
    <message>
        <source>an integer</source>
        <translation>eine Ganzzahl</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>eine Zahl</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>eine Zeichenkette</translation>
    </message>
    <message>
        <source>a boolean</source>
        <translation>ein boolescher Wert</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>an array</source>
        <translation>ein Array</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>ein Objekt</translation>
    </message>
    <message>
        <source>&quot;%1&quot;</source>
        <translation>&quot;%1&quot;</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <translation>%1 oder %2</translation>
    </message>
    <message>
        <source>%1 is not allowed here</source>
        <translation>%1 ist hier nicht erlaubt</translation>
    </message>
    <message>
        <source>expected %1, got %2</source>
        <translation>erwartet %1, erhalten %2</translation>
    </message>
    <message>
        <source>the required property &quot;%1&quot; is missing</source>
        <translation>die erforderliche Eigenschaft &quot;%1&quot; fehlt</translation>
    </message>
    <message>
        <source>the property &quot;%1&quot; is not allowed (additionalProperties)</source>
        <translation>die Eigenschaft &quot;%1&quot; ist nicht erlaubt (additionalProperties)</translation>
    </message>
    <message>
        <source>%1 is not one of the allowed values %2</source>
        <translation>%1 ist keiner der erlaubten Werte %2</translation>
    </message>
    <message>
        <source>%1 is not one of the allowed values</source>
        <translation>%1 ist keiner der erlaubten Werte</translation>
    </message>
    <message>
        <source>%1 is not the expected value</source>
        <translation>%1 ist nicht der erwartete Wert</translation>
    </message>
    <message>
        <source>%1 is above the maximum %2</source>
        <translation>%1 liegt über dem Maximum %2</translation>
    </message>
    <message>
        <source>%1 must be less than %2</source>
        <translation>%1 muss kleiner als %2 sein</translation>
    </message>
    <message>
        <source>%1 is below the minimum %2</source>
        <translation>%1 liegt unter dem Minimum %2</translation>
    </message>
    <message>
        <source>%1 must be greater than %2</source>
        <translation>%1 muss größer als %2 sein</translation>
    </message>
    <message>
        <source>%1 is not a multiple of %2</source>
        <translation>%1 ist kein Vielfaches von %2</translation>
    </message>
    <message>
        <source>has %1 items, at most %2 allowed</source>
        <translation>hat %1 Elemente, höchstens %2 erlaubt</translation>
    </message>
    <message>
        <source>has %1 items, at least %2 needed</source>
        <translation>hat %1 Elemente, mindestens %2 nötig</translation>
    </message>
    <message>
        <source>the text is longer than %1 characters</source>
        <translation>der Text ist länger als %1 Zeichen</translation>
    </message>
    <message>
        <source>the text is shorter than %1 characters</source>
        <translation>der Text ist kürzer als %1 Zeichen</translation>
    </message>
    <message>
        <source>has more than %1 properties</source>
        <translation>hat mehr als %1 Eigenschaften</translation>
    </message>
    <message>
        <source>has fewer than %1 properties</source>
        <translation>hat weniger als %1 Eigenschaften</translation>
    </message>
    <message>
        <source>%1 does not match the pattern %2</source>
        <translation>%1 passt nicht zum Muster %2</translation>
    </message>
    <message>
        <source>%1 does not match the pattern</source>
        <translation>%1 passt nicht zum Muster</translation>
    </message>
    <message>
        <source>items %1 and %2 are equal, but the items must be unique</source>
        <translation>die Elemente %1 und %2 sind gleich, aber die Elemente müssen eindeutig sein</translation>
    </message>
    <message>
        <source>the property &quot;%1&quot; is missing (dependencies)</source>
        <translation>die Eigenschaft &quot;%1&quot; fehlt (dependencies)</translation>
    </message>
    <message>
        <source>matches none of the schemas in anyOf</source>
        <translation>passt zu keinem der Schemas in anyOf</translation>
    </message>
    <message>
        <source>matches none of the schemas in oneOf</source>
        <translation>passt zu keinem der Schemas in oneOf</translation>
    </message>
    <message>
        <source>matches more than one of the schemas in oneOf</source>
        <translation>passt zu mehr als einem der Schemas in oneOf</translation>
    </message>
    <message>
        <source>matches the schema in &quot;not&quot;</source>
        <translation>passt zum Schema in &quot;not&quot;</translation>
    </message>
    <message>
        <source>does not satisfy the if/then/else condition</source>
        <translation>erfüllt die if/then/else-Bedingung nicht</translation>
    </message>
    <message>
        <source>has more items than the schema allows</source>
        <translation>hat mehr Elemente, als das Schema erlaubt</translation>
    </message>
    <message>
        <source>has no item that matches &quot;contains&quot;</source>
        <translation>hat kein Element, das zu &quot;contains&quot; passt</translation>
    </message>
    <message>
        <source>%1 is not a valid %2</source>
        <translation>%1 ist kein gültiges %2</translation>
    </message>
    <message>
        <source>is not allowed by the schema</source>
        <translation>ist vom Schema nicht erlaubt</translation>
    </message>
    <message>
        <source>does not match its schema</source>
        <translation>passt nicht zu seinem Schema</translation>
    </message>
    <message>
        <source>does not match the schema</source>
        <translation>passt nicht zum Schema</translation>
    </message>
    <message>
        <source>A schema is a JSON object (or true or false), not %1.</source>
        <translation>Ein Schema ist ein JSON-Objekt (oder true oder false), nicht %1.</translation>
    </message>
    <message>
        <source>The schema refers to another document; only local references (&quot;#/...&quot;) are supported.</source>
        <translation>Das Schema verweist auf ein anderes Dokument; nur lokale Verweise (&quot;#/...&quot;) werden unterstützt.</translation>
    </message>
    <message>
        <source>The schema is not valid: %1</source>
        <translation>Das Schema ist ungültig: %1</translation>
    </message>
    <message>
        <source>The schema is not valid.</source>
        <translation>Das Schema ist ungültig.</translation>
    </message>
    <message>
        <source>there is no valid schema to check against</source>
        <translation>es gibt kein gültiges Schema zum Prüfen</translation>
    </message>
    <message>
        <source>the value could not be checked: %1</source>
        <translation>der Wert konnte nicht geprüft werden: %1</translation>
    </message>
    <message>
        <source>the value could not be checked</source>
        <translation>der Wert konnte nicht geprüft werden</translation>
    </message>
    <message>
        <source>the schema allows no value here</source>
        <translation>das Schema erlaubt hier keinen Wert</translation>
    </message>
</context>
<context>
    <name>mantle::schema::SchemaViolation</name>
    <message>
        <source>(root)</source>
        <translation>(Wurzel)</translation>
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
        <translation>Die Wurzel des Schemas muss ein Objekt sein, nicht &quot;anyOf&quot;: Machen Sie die Wurzel zu einem Objekt und legen Sie die Alternativen in eine seiner Eigenschaften.</translation>
    </message>
    <message>
        <source>The root of the schema must be an object (&quot;type&quot;: &quot;object&quot;).</source>
        <translation>Die Wurzel des Schemas muss ein Objekt sein (&quot;type&quot;: &quot;object&quot;).</translation>
    </message>
    <message>
        <source>The root of the schema must say &quot;type&quot;: &quot;object&quot;.</source>
        <translation>Die Wurzel des Schemas muss &quot;type&quot;: &quot;object&quot; angeben.</translation>
    </message>
    <message>
        <source>Strict mode does not take true or false as a schema: write the schema out (with a &quot;type&quot;).</source>
        <translation>Der strikte Modus akzeptiert true oder false nicht als Schema: Schreiben Sie das Schema aus (mit einem &quot;type&quot;).</translation>
    </message>
    <message>
        <source>Strict mode does not take a list of schemas in &quot;items&quot; (a tuple): give one schema that every item follows.</source>
        <translation>Der strikte Modus akzeptiert keine Liste von Schemas in &quot;items&quot; (ein Tupel): Geben Sie ein Schema an, dem jedes Element folgt.</translation>
    </message>
    <message>
        <source>Put &quot;%1&quot; at the root of the schema; strict mode does not read definitions further in.</source>
        <translation>Setzen Sie &quot;%1&quot; an die Wurzel des Schemas; der strikte Modus liest tiefer liegende Definitionen nicht.</translation>
    </message>
    <message>
        <source>The format &quot;%1&quot; is not supported in strict mode (supported: date-time, time, date, duration, email, hostname, ipv4, ipv6, uuid).</source>
        <translation>Das Format &quot;%1&quot; wird im strikten Modus nicht unterstützt (unterstützt: date-time, time, date, duration, email, hostname, ipv4, ipv6, uuid).</translation>
    </message>
    <message>
        <source>Strict mode only follows references within the schema (&quot;#/$defs/...&quot;), not &quot;%1&quot;.</source>
        <translation>Der strikte Modus folgt nur Verweisen innerhalb des Schemas (&quot;#/$defs/...&quot;), nicht &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Strict mode does not support &quot;oneOf&quot;; merge it with the &quot;anyOf&quot; next to it by hand.</source>
        <translation>Der strikte Modus unterstützt &quot;oneOf&quot; nicht; führen Sie es von Hand mit dem &quot;anyOf&quot; daneben zusammen.</translation>
    </message>
    <message>
        <source>Strict mode does not support &quot;oneOf&quot;; &quot;anyOf&quot; is the alternative it takes.</source>
        <translation>Der strikte Modus unterstützt &quot;oneOf&quot; nicht; stattdessen akzeptiert er &quot;anyOf&quot;.</translation>
    </message>
    <message>
        <source>Strict mode does not support &quot;allOf&quot;: merge its schemas into one by hand.</source>
        <translation>Der strikte Modus unterstützt &quot;allOf&quot; nicht: Führen Sie seine Schemas von Hand zu einem zusammen.</translation>
    </message>
    <message>
        <source>Strict mode does not support the keyword &quot;%1&quot;: the request would be refused. Removing it loosens the schema; answers are still checked against it here.</source>
        <translation>Der strikte Modus unterstützt das Schlüsselwort &quot;%1&quot; nicht: Die Anfrage würde abgelehnt. Wenn Sie es entfernen, wird das Schema lockerer; Antworten werden hier trotzdem dagegen geprüft.</translation>
    </message>
    <message>
        <source>Strict mode needs a &quot;type&quot; here (or &quot;anyOf&quot;, &quot;enum&quot;, &quot;const&quot; or &quot;$ref&quot;): a schema that allows anything is not supported.</source>
        <translation>Der strikte Modus braucht hier einen &quot;type&quot; (oder &quot;anyOf&quot;, &quot;enum&quot;, &quot;const&quot; oder &quot;$ref&quot;): Ein Schema, das alles erlaubt, wird nicht unterstützt.</translation>
    </message>
    <message>
        <source>&quot;type&quot; must be a type name or a list of them.</source>
        <translation>&quot;type&quot; muss ein Typname oder eine Liste davon sein.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a type strict mode supports (string, number, integer, boolean, object, array, null).</source>
        <translation>&quot;%1&quot; ist kein Typ, den der strikte Modus unterstützt (string, number, integer, boolean, object, array, null).</translation>
    </message>
    <message>
        <source>This schema has properties but no &quot;type&quot;: strict mode needs &quot;type&quot;: &quot;object&quot;.</source>
        <translation>Dieses Schema hat Eigenschaften, aber keinen &quot;type&quot;: Der strikte Modus braucht &quot;type&quot;: &quot;object&quot;.</translation>
    </message>
    <message>
        <source>Objects are nested %1 levels deep here; strict mode allows at most %2.</source>
        <translation>Objekte sind hier %1 Ebenen tief verschachtelt; der strikte Modus erlaubt höchstens %2.</translation>
    </message>
    <message>
        <source>Strict mode needs &quot;additionalProperties&quot;: false on every object, so that the answer has exactly the properties listed.</source>
        <translation>Der strikte Modus braucht &quot;additionalProperties&quot;: false bei jedem Objekt, damit die Antwort genau die aufgeführten Eigenschaften hat.</translation>
    </message>
    <message>
        <source>Strict mode needs every property in &quot;required&quot;; &quot;%1&quot; is not. An optional property is written as required and nullable (its type allows null).</source>
        <translation>Der strikte Modus braucht jede Eigenschaft in &quot;required&quot;; &quot;%1&quot; fehlt dort. Eine optionale Eigenschaft wird als erforderlich und nullable geschrieben (ihr Typ erlaubt null).</translation>
    </message>
    <message>
        <source>This enum has %1 values of %2 characters in all; with more than %3 values strict mode allows at most %4 characters.</source>
        <translation>Dieses Enum hat %1 Werte mit insgesamt %2 Zeichen; bei mehr als %3 Werten erlaubt der strikte Modus höchstens %4 Zeichen.</translation>
    </message>
    <message>
        <source>The schema has %1 object properties; strict mode allows at most %2.</source>
        <translation>Das Schema hat %1 Objekteigenschaften; der strikte Modus erlaubt höchstens %2.</translation>
    </message>
    <message>
        <source>The schema has %1 enum values; strict mode allows at most %2.</source>
        <translation>Das Schema hat %1 Enum-Werte; der strikte Modus erlaubt höchstens %2.</translation>
    </message>
    <message>
        <source>Property names, definition names, enum and const values come to %1 characters; strict mode allows at most %2.</source>
        <translation>Eigenschaftsnamen, Definitionsnamen, Enum- und Const-Werte ergeben zusammen %1 Zeichen; der strikte Modus erlaubt höchstens %2.</translation>
    </message>
</context>
<context>
    <name>mantle::schema::StrictModeFinding</name>
    <message>
        <source>Set &quot;additionalProperties&quot; to false</source>
        <translation>&quot;additionalProperties&quot; auf false setzen</translation>
    </message>
    <message>
        <source>Add &quot;%1&quot; to &quot;required&quot; and allow null for it</source>
        <translation>&quot;%1&quot; zu &quot;required&quot; hinzufügen und null dafür erlauben</translation>
    </message>
    <message>
        <source>Remove &quot;%1&quot;</source>
        <translation>&quot;%1&quot; entfernen</translation>
    </message>
    <message>
        <source>Replace &quot;oneOf&quot; with &quot;anyOf&quot;</source>
        <translation>&quot;oneOf&quot; durch &quot;anyOf&quot; ersetzen</translation>
    </message>
    <message>
        <source>Add &quot;type&quot;: &quot;object&quot;</source>
        <translation>&quot;type&quot;: &quot;object&quot; hinzufügen</translation>
    </message>
</context>
<context>
    <name>mantle::sessions::Session</name>
    <message>
        <source>&quot;user&quot;, &quot;assistant&quot; or &quot;tool&quot;</source>
        <translation>&quot;user&quot;, &quot;assistant&quot; oder &quot;tool&quot;</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistent</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>System-Prompt</translation>
    </message>
    <message>
        <source>New session</source>
        <translation>Neue Sitzung</translation>
    </message>
    <message>
        <source>This is not a Mantle Playground session: the field &quot;%1&quot; is not &quot;%2&quot;.</source>
        <translation>Dies ist keine Sitzung von Mantle Playground: Das Feld &quot;%1&quot; ist nicht &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is invalid: expected a whole number.</source>
        <translation>Das Feld &quot;%1&quot; ist ungültig: erwartet wird eine ganze Zahl.</translation>
    </message>
    <message>
        <source>This session was written by a newer version of the app (session format %1; this version reads up to %2), so it is left untouched.</source>
        <translation>Diese Sitzung wurde von einer neueren Version der App geschrieben (Sitzungsformat %1; diese Version liest bis %2) und bleibt daher unverändert.</translation>
    </message>
    <message>
        <source>Update Mantle Playground to open it.</source>
        <translation>Aktualisieren Sie Mantle Playground, um sie zu öffnen.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is invalid: expected a session id (letters, digits and &apos;-&apos;).</source>
        <translation>Das Feld &quot;%1&quot; ist ungültig: erwartet wird eine Sitzungs-ID (Buchstaben, Ziffern und &apos;-&apos;).</translation>
    </message>
    <message>
        <source>Untitled session</source>
        <translation>Unbenannte Sitzung</translation>
    </message>
    <message>
        <source>API: %1</source>
        <translation>API: %1</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message>
        <source>Region: %1</source>
        <translation>Region: %1</translation>
    </message>
    <message>
        <source>Tool call `%1` (id `%2`):</source>
        <translation>Tool-Aufruf `%1` (ID `%2`):</translation>
    </message>
    <message>
        <source>The answer failed: %1</source>
        <translation>Die Antwort ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Stopped before the answer was complete.</source>
        <translation>Angehalten, bevor die Antwort vollständig war.</translation>
    </message>
    <message>
        <source>Tool result</source>
        <translation>Tool-Ergebnis</translation>
    </message>
    <message>
        <source>For the tool call `%1`:</source>
        <translation>Für den Tool-Aufruf `%1`:</translation>
    </message>
    <message>
        <source>The tool reported an error.</source>
        <translation>Das Tool hat einen Fehler gemeldet.</translation>
    </message>
    <message>
        <source>The Markdown file has no conversation in it.</source>
        <translation>Die Markdown-Datei enthält keine Unterhaltung.</translation>
    </message>
    <message>
        <source>Give each turn a heading: “## User” or “## Assistant”.</source>
        <translation>Geben Sie jedem Beitrag eine Überschrift: „## User“ oder „## Assistant“.</translation>
    </message>
    <message>
        <source>%1 (fork)</source>
        <translation>%1 (Abzweigung)</translation>
    </message>
</context>
<context>
    <name>mantle::sessions::SessionStore</name>
    <message>
        <source>&quot;%1&quot; is not a session id.</source>
        <translation>&quot;%1&quot; ist keine Sitzungs-ID.</translation>
    </message>
    <message>
        <source>Cannot open the session file &quot;%1&quot;: %2.</source>
        <translation>Die Sitzungsdatei &quot;%1&quot; kann nicht geöffnet werden: %2.</translation>
    </message>
    <message>
        <source>%1 at byte %2</source>
        <translation>%1 bei Byte %2</translation>
    </message>
    <message>
        <source>it is not a JSON object</source>
        <translation>Sie ist kein JSON-Objekt</translation>
    </message>
    <message>
        <source>The session file &quot;%1&quot; is not valid JSON: %2.</source>
        <translation>Die Sitzungsdatei &quot;%1&quot; ist kein gültiges JSON: %2.</translation>
    </message>
    <message>
        <source>The session file &quot;%1&quot; cannot be used: %2</source>
        <translation>Die Sitzungsdatei &quot;%1&quot; kann nicht verwendet werden: %2</translation>
    </message>
    <message>
        <source>Cannot write the file &quot;%1&quot;: %2.</source>
        <translation>Die Datei &quot;%1&quot; kann nicht geschrieben werden: %2.</translation>
    </message>
    <message>
        <source>Check that the folder exists, is writable and has free space.</source>
        <translation>Prüfen Sie, ob der Ordner existiert, beschreibbar ist und freien Speicherplatz hat.</translation>
    </message>
    <message>
        <source>Cannot create the sessions folder &quot;%1&quot;.</source>
        <translation>Der Sitzungsordner &quot;%1&quot; kann nicht erstellt werden.</translation>
    </message>
    <message>
        <source>It is not overwritten.</source>
        <translation>Sie wird nicht überschrieben.</translation>
    </message>
    <message>
        <source>The session file &quot;%1&quot; does not exist.</source>
        <translation>Die Sitzungsdatei &quot;%1&quot; existiert nicht.</translation>
    </message>
    <message>
        <source>It is not deleted.</source>
        <translation>Sie wird nicht gelöscht.</translation>
    </message>
    <message>
        <source>Move or delete the file yourself if you no longer need it.</source>
        <translation>Verschieben oder löschen Sie die Datei selbst, wenn Sie sie nicht mehr brauchen.</translation>
    </message>
    <message>
        <source>Cannot delete the session file &quot;%1&quot;: %2.</source>
        <translation>Die Sitzungsdatei &quot;%1&quot; kann nicht gelöscht werden: %2.</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1 (Kopie)</translation>
    </message>
    <message>
        <source>Cannot read &quot;%1&quot;: %2.</source>
        <translation>&quot;%1&quot; kann nicht gelesen werden: %2.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::AboutDialog</name>
    <message>
        <source>About Mantle Playground</source>
        <translation>Über Mantle Playground</translation>
    </message>
    <message>
        <source>Mantle Playground %1</source>
        <translation>Mantle Playground %1</translation>
    </message>
    <message>
        <source>A desktop playground for Amazon Bedrock Mantle.</source>
        <translation>Ein Desktop-Playground für Amazon Bedrock Mantle.</translation>
    </message>
    <message>
        <source>Qt %1 (built with Qt %2)</source>
        <translation>Qt %1 (erstellt mit Qt %2)</translation>
    </message>
    <message>
        <source>%1 (built with %2)</source>
        <translation>%1 (erstellt mit %2)</translation>
    </message>
    <message>
        <source>Licences:</source>
        <translation>Lizenzen:</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1: %2 (%3)</translation>
    </message>
    <message>
        <source>The licence of Mantle Playground:</source>
        <translation>Die Lizenz von Mantle Playground:</translation>
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
        <translation>Konto hinzufügen</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>&amp;Region:</translation>
    </message>
    <message>
        <source>Authentication method</source>
        <translation>Authentifizierungsmethode</translation>
    </message>
    <message>
        <source>Access key</source>
        <translation>Zugriffsschlüssel</translation>
    </message>
    <message>
        <source>Assumed role</source>
        <translation>Übernommene Rolle</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>&amp;Authentication:</source>
        <translation>&amp;Authentifizierung:</translation>
    </message>
    <message>
        <source>Access key ID</source>
        <translation>Zugriffsschlüssel-ID</translation>
    </message>
    <message>
        <source>Access key &amp;ID:</source>
        <translation>Zugriffsschlüssel-&amp;ID:</translation>
    </message>
    <message>
        <source>Secret access key</source>
        <translation>Geheimer Zugriffsschlüssel</translation>
    </message>
    <message>
        <source>&amp;Secret access key:</source>
        <translation>&amp;Geheimer Zugriffsschlüssel:</translation>
    </message>
    <message>
        <source>Session token</source>
        <translation>Sitzungstoken</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>Session &amp;token:</source>
        <translation>Sitzungs&amp;token:</translation>
    </message>
    <message>
        <source>Role ARN</source>
        <translation>Rollen-ARN</translation>
    </message>
    <message>
        <source>Role &amp;ARN:</source>
        <translation>Rollen-&amp;ARN:</translation>
    </message>
    <message>
        <source>External ID</source>
        <translation>Externe ID</translation>
    </message>
    <message>
        <source>E&amp;xternal ID:</source>
        <translation>E&amp;xterne ID:</translation>
    </message>
    <message>
        <source>Session name</source>
        <translation>Sitzungsname</translation>
    </message>
    <message>
        <source>Session na&amp;me:</source>
        <translation>Sitzungsna&amp;me:</translation>
    </message>
    <message>
        <source>Session duration in seconds</source>
        <translation>Sitzungsdauer in Sekunden</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>&amp;Duration:</source>
        <translation>&amp;Dauer:</translation>
    </message>
    <message>
        <source>Source of the credentials</source>
        <translation>Quelle der Anmeldeinformationen</translation>
    </message>
    <message>
        <source>Another account&apos;s keys</source>
        <translation>Schlüssel eines anderen Kontos</translation>
    </message>
    <message>
        <source>An AWS profile</source>
        <translation>Ein AWS-Profil</translation>
    </message>
    <message>
        <source>Credentials &amp;from:</source>
        <translation>Anmeldeinformationen a&amp;us:</translation>
    </message>
    <message>
        <source>Source account</source>
        <translation>Quellkonto</translation>
    </message>
    <message>
        <source>Source a&amp;ccount:</source>
        <translation>Quell&amp;konto:</translation>
    </message>
    <message>
        <source>AWS profile</source>
        <translation>AWS-Profil</translation>
    </message>
    <message>
        <source>AWS &amp;profile:</source>
        <translation>AWS-&amp;Profil:</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API-&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>Endpoint override</source>
        <translation>Abweichender Endpunkt</translation>
    </message>
    <message>
        <source>Optional: the region&apos;s Mantle endpoint</source>
        <translation>Optional: der Mantle-Endpunkt der Region</translation>
    </message>
    <message>
        <source>&amp;Endpoint:</source>
        <translation>&amp;Endpunkt:</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>N&amp;otes:</source>
        <translation>N&amp;otizen:</translation>
    </message>
    <message>
        <source>Edit Account</source>
        <translation>Konto bearbeiten</translation>
    </message>
    <message>
        <source>To change the authentication method, remove the account and add it again.</source>
        <translation>Um die Authentifizierungsmethode zu ändern, entfernen Sie das Konto und fügen Sie es erneut hinzu.</translation>
    </message>
    <message>
        <source>Unchanged (stored in the keychain)</source>
        <translation>Unverändert (im Schlüsselbund gespeichert)</translation>
    </message>
    <message>
        <source>There is already an account “%1”.</source>
        <translation>Es gibt bereits ein Konto „%1“.</translation>
    </message>
    <message>
        <source>The secret access key</source>
        <translation>Der geheime Zugriffsschlüssel</translation>
    </message>
    <message>
        <source>The session token</source>
        <translation>Das Sitzungstoken</translation>
    </message>
    <message>
        <source>The API key</source>
        <translation>Der API-Schlüssel</translation>
    </message>
    <message>
        <source>%1 is required.</source>
        <translation>%1 ist erforderlich.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::AccountsDialog</name>
    <message>
        <source>Access key</source>
        <translation>Zugriffsschlüssel</translation>
    </message>
    <message>
        <source>Assumed role</source>
        <translation>Übernommene Rolle</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation>Anmeldeinformationen</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Konten</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>Authentifizierung</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>&amp;Import from AWS Profile</source>
        <translation>Aus AWS-Profil &amp;importieren</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>Checks the selected account&apos;s credentials, region, models and one tiny request.</source>
        <translation>Prüft Anmeldeinformationen, Region und Modelle des ausgewählten Kontos und sendet eine Mini-Anfrage.</translation>
    </message>
    <message>
        <source>IAM &amp;Policy…</source>
        <translation>IAM-&amp;Richtlinie…</translation>
    </message>
    <message>
        <source>Shows the least-privilege IAM policy the selected account needs, ready to copy.</source>
        <translation>Zeigt die IAM-Richtlinie mit minimalen Rechten, die das ausgewählte Konto braucht, zum Kopieren bereit.</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>Ergebnis des Verbindungstests</translation>
    </message>
    <message>
        <source>Connection test steps</source>
        <translation>Schritte des Verbindungstests</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Broken</source>
        <translation>Beschädigt</translation>
    </message>
    <message>
        <source>Remove Account</source>
        <translation>Konto entfernen</translation>
    </message>
    <message>
        <source>Remove the account “%1” and its secrets from the keychain?</source>
        <translation>Das Konto „%1“ und seine Geheimnisse aus dem Schlüsselbund entfernen?</translation>
    </message>
    <message>
        <source>No AWS profiles found</source>
        <translation>Keine AWS-Profile gefunden</translation>
    </message>
    <message>
        <source>Imported the AWS profile as “%1”.</source>
        <translation>AWS-Profil als „%1“ importiert.</translation>
    </message>
    <message>
        <source>the IAM principal of account “%1”</source>
        <translation>der IAM-Prinzipal von Konto „%1“</translation>
    </message>
    <message>
        <source>the IAM principal of AWS profile “%1”</source>
        <translation>der IAM-Prinzipal von AWS-Profil „%1“</translation>
    </message>
    <message>
        <source>Testing “%1”…</source>
        <translation>„%1“ wird getestet…</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>Bestanden</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Übersprungen</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>Lösung</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>“%1” works.</source>
        <translation>„%1“ funktioniert.</translation>
    </message>
    <message>
        <source>“%1” does not work.</source>
        <translation>„%1“ funktioniert nicht.</translation>
    </message>
    <message>
        <source>“%1” does not work: the step “%2” failed.</source>
        <translation>„%1“ funktioniert nicht: Der Schritt „%2“ ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Short-term API &amp;key…</source>
        <translation>Kurzfristiger API-&amp;Schlüssel…</translation>
    </message>
    <message>
        <source>Makes a short-term Bedrock API key from the selected account&apos;s SigV4 credentials, to copy or to use for this session.</source>
        <translation>Erzeugt aus den SigV4-Anmeldeinformationen des ausgewählten Kontos einen kurzfristigen Bedrock-API-Schlüssel, zum Kopieren oder zur Verwendung in dieser Sitzung.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::AppOptions</name>
    <message>
        <source>mantle-playground: %1
Run “mantle-playground --help” for the options.</source>
        <translation>mantle-playground: %1
Die Optionen zeigt „mantle-playground --help“.</translation>
    </message>
    <message>
        <source>A desktop playground for Amazon Bedrock Mantle.</source>
        <translation>Ein Desktop-Playground für Amazon Bedrock Mantle.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Diese Hilfe anzeigen.</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>Die Version anzeigen.</translation>
    </message>
    <message>
        <source>Start with the demo account, served by the built-in local emulator.</source>
        <translation>Mit dem Demokonto starten, bedient vom eingebauten lokalen Emulator.</translation>
    </message>
    <message>
        <source>Open the saved session FILE.</source>
        <translation>Die gespeicherte Sitzung FILE öffnen.</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
    <message>
        <source>Quit (exit code 0) as soon as the main window has been painted once; for start-up benchmarks and smoke checks.</source>
        <translation>Beenden (Exit-Code 0), sobald das Hauptfenster einmal gezeichnet wurde; für Startzeitmessungen und Smoke-Tests.</translation>
    </message>
    <message>
        <source>unexpected argument “%1”.</source>
        <translation>Unerwartetes Argument „%1“.</translation>
    </message>
    <message>
        <source>--session was given more than once; give one session file.</source>
        <translation>--session wurde mehrfach angegeben; geben Sie eine Sitzungsdatei an.</translation>
    </message>
    <message>
        <source>--session needs the path of a session file.</source>
        <translation>--session braucht den Pfad einer Sitzungsdatei.</translation>
    </message>
    <message>
        <source>Use this language for this run instead of the one chosen in Preferences: %1, or “system”.</source>
        <translation>Diese Sprache für diesen Start statt der in den Einstellungen gewählten verwenden: %1 oder „system“.</translation>
    </message>
    <message>
        <source>CODE</source>
        <translation>CODE</translation>
    </message>
    <message>
        <source>Check that the app works here (window, translations, the request pipeline against the built-in emulator), print what was checked and exit: 0 when all works, 1 when not.</source>
        <translation>Prüfen, ob die App hier funktioniert (Fenster, Übersetzungen, Anfrageverarbeitung mit dem eingebauten Emulator), das Geprüfte ausgeben und beenden: 0, wenn alles funktioniert, sonst 1.</translation>
    </message>
    <message>
        <source>there is no language “%1”; choose one of %2, or “system”.</source>
        <translation>Es gibt keine Sprache „%1“; wählen Sie eine von %2 oder „system“.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ChainView</name>
    <message>
        <source>Answer</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>Gespeichert</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Each answer follows the one it continues; a branch (a fork, or an answer continued twice) is indented under the answer it starts from.</source>
        <translation>Jede Antwort folgt der, die sie fortsetzt; eine Verzweigung (eine Abzweigung oder eine zweimal fortgesetzte Antwort) wird unter der Antwort eingerückt, von der sie ausgeht.</translation>
    </message>
    <message>
        <source>Stored responses are kept for 30 days in the region of the request.</source>
        <translation>Gespeicherte Antworten werden 30 Tage lang in der Region der Anfrage aufbewahrt.</translation>
    </message>
    <message>
        <source>Continue from here</source>
        <translation>Hier fortsetzen</translation>
    </message>
    <message>
        <source>Fork here</source>
        <translation>Hier abzweigen</translation>
    </message>
    <message>
        <source>Retrieve</source>
        <translation>Abrufen</translation>
    </message>
    <message>
        <source>Delete stored response</source>
        <translation>Gespeicherte Antwort löschen</translation>
    </message>
    <message>
        <source>Poll status</source>
        <translation>Status abfragen</translation>
    </message>
    <message>
        <source>Cancel background response</source>
        <translation>Hintergrundantwort abbrechen</translation>
    </message>
    <message>
        <source>resp_…</source>
        <translation>resp_…</translation>
    </message>
    <message>
        <source>Response ID:</source>
        <translation>Antwort-ID:</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>A retrieved response is shown here.</source>
        <translation>Eine abgerufene Antwort wird hier angezeigt.</translation>
    </message>
    <message>
        <source>No answers yet: the answers of saved sessions appear here.</source>
        <translation>Noch keine Antworten: Die Antworten gespeicherter Sitzungen erscheinen hier.</translation>
    </message>
    <message>
        <source>Answer %1</source>
        <translation>Antwort %1</translation>
    </message>
    <message>
        <source>%1 in · %2 out</source>
        <translation>%1 ein · %2 aus</translation>
    </message>
    <message>
        <source>$%1</source>
        <translation>$%1</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>gelöscht</translation>
    </message>
    <message>
        <source>stored</source>
        <translation>gespeichert</translation>
    </message>
    <message>
        <source>local only</source>
        <translation>nur lokal</translation>
    </message>
    <message>
        <source>Kept by Mantle in %1 under its response id.</source>
        <translation>Von Mantle in %1 unter ihrer Antwort-ID aufbewahrt.</translation>
    </message>
    <message>
        <source>Kept only in this app&apos;s history: continuing re-sends the conversation.</source>
        <translation>Nur im Verlauf dieser App aufbewahrt: Beim Fortsetzen wird die Unterhaltung erneut gesendet.</translation>
    </message>
    <message numerus="yes">
        <source>%n new message(s) + previous response</source>
        <translation>
            <numerusform>%n neue Nachricht + vorherige Antwort</numerusform>
            <numerusform>%n neue Nachrichten + vorherige Antwort</numerusform>
        </translation>
    </message>
    <message>
        <source>Sent with previous_response_id %1; the earlier turns stayed on the server.</source>
        <translation>Mit previous_response_id %1 gesendet; die früheren Beiträge blieben auf dem Server.</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) re-sent</source>
        <translation>
            <numerusform>%n Nachricht erneut gesendet</numerusform>
            <numerusform>%n Nachrichten erneut gesendet</numerusform>
        </translation>
    </message>
    <message>
        <source>The whole conversation was sent with the request.</source>
        <translation>Die ganze Unterhaltung wurde mit der Anfrage gesendet.</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>Enter a response id (resp_…).</source>
        <translation>Geben Sie eine Antwort-ID ein (resp_…).</translation>
    </message>
    <message>
        <source>Delete the stored response %1 from Mantle? Answers that continue from it can no longer be continued by its id.</source>
        <translation>Die gespeicherte Antwort %1 aus Mantle löschen? Antworten, die an sie anknüpfen, können dann nicht mehr über ihre ID fortgesetzt werden.</translation>
    </message>
    <message>
        <source>Not connected to any account.</source>
        <translation>Mit keinem Konto verbunden.</translation>
    </message>
    <message>
        <source>Deleting %1…</source>
        <translation>%1 wird gelöscht…</translation>
    </message>
    <message>
        <source>Retrieving %1…</source>
        <translation>%1 wird abgerufen…</translation>
    </message>
    <message>
        <source>Deleted %1.</source>
        <translation>%1 gelöscht.</translation>
    </message>
    <message>
        <source>%1 is not stored: it was deleted, has expired (after 30 days) or was made in another region or account.</source>
        <translation>%1 ist nicht gespeichert: Die Antwort wurde gelöscht, ist abgelaufen (nach 30 Tagen) oder stammt aus einer anderen Region oder einem anderen Konto.</translation>
    </message>
    <message>
        <source>Response %1: %2</source>
        <translation>Antwort %1: %2</translation>
    </message>
    <message>
        <source>Following the background response %1…</source>
        <translation>Hintergrundantwort %1 wird verfolgt…</translation>
    </message>
    <message>
        <source>Background response %1: %2</source>
        <translation>Hintergrundantwort %1: %2</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CodeExportDialog</name>
    <message>
        <source>Export as Code</source>
        <translation>Als Code exportieren</translation>
    </message>
    <message>
        <source>%1 request to %2, sent to %3</source>
        <translation>%1-Anfrage an %2, gesendet an %3</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Copy the code to the clipboard</source>
        <translation>Code in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>&amp;Speichern…</translation>
    </message>
    <message>
        <source>Save the code to a file</source>
        <translation>Code in einer Datei speichern</translation>
    </message>
    <message>
        <source>No language can express a request of this kind (%1).</source>
        <translation>Keine Sprache kann eine Anfrage dieser Art ausdrücken (%1).</translation>
    </message>
    <message>
        <source>This request cannot be written as %1: %2</source>
        <translation>Diese Anfrage lässt sich nicht als %1 schreiben: %2</translation>
    </message>
    <message>
        <source>Reads the Bedrock API key from the environment variable %1 when it runs.</source>
        <translation>Liest den Bedrock-API-Schlüssel beim Ausführen aus der Umgebungsvariable %1.</translation>
    </message>
    <message>
        <source>Signs with SigV4 using botocore&apos;s credentials: %1, %2 and %3, or the profile named by %4.</source>
        <translation>Signiert mit SigV4 über die Anmeldeinformationen von botocore: %1, %2 und %3 oder das mit %4 benannte Profil.</translation>
    </message>
    <message>
        <source>Signs with SigV4 (curl 7.75 or newer) using %1 and %2, and %3 for temporary credentials.</source>
        <translation>Signiert mit SigV4 (curl 7.75 oder neuer) über %1 und %2, bei temporären Anmeldeinformationen zusätzlich %3.</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>Kopiert.</translation>
    </message>
    <message>
        <source>There is no code to save.</source>
        <translation>Es gibt keinen Code zum Speichern.</translation>
    </message>
    <message>
        <source>Cannot write the file “%1”: %2.</source>
        <translation>Die Datei „%1“ kann nicht geschrieben werden: %2.</translation>
    </message>
    <message>
        <source>Saved “%1”, but could not make it executable.</source>
        <translation>„%1“ gespeichert, konnte aber nicht ausführbar gemacht werden.</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>In %1 gespeichert.</translation>
    </message>
    <message>
        <source>Save Code</source>
        <translation>Code speichern</translation>
    </message>
    <message>
        <source>Python programs (*.py)</source>
        <translation>Python-Programme (*.py)</translation>
    </message>
    <message>
        <source>JavaScript and TypeScript modules (*.mjs *.js *.ts)</source>
        <translation>JavaScript- und TypeScript-Module (*.mjs *.js *.ts)</translation>
    </message>
    <message>
        <source>Shell scripts (*.sh)</source>
        <translation>Shell-Skripte (*.sh)</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CompareColumn</name>
    <message>
        <source>Reasoning</source>
        <translation>Reasoning</translation>
    </message>
    <message>
        <source>Answer of %1</source>
        <translation>Antwort von %1</translation>
    </message>
    <message>
        <source>Continue with This</source>
        <translation>Hiermit fortsetzen</translation>
    </message>
    <message>
        <source>Open a new session with this target, the prompt and this answer</source>
        <translation>Eine neue Sitzung mit diesem Ziel, dem Prompt und dieser Antwort öffnen</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>streaming</source>
        <translation>streamt</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Tool call: %1(%2)</source>
        <translation>Tool-Aufruf: %1(%2)</translation>
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
        <translation>Ziel</translation>
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
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation>Eingabe-Tokens</translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation>Ausgabe-Tokens</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CompareTargetRow</name>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Remove this target</source>
        <translation>Dieses Ziel entfernen</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CompareWindow</name>
    <message>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>&amp;Side by Side</source>
        <translation>&amp;Nebeneinander</translation>
    </message>
    <message>
        <source>Across &amp;APIs</source>
        <translation>API-&amp;übergreifend</translation>
    </message>
    <message>
        <source>&amp;Regions</source>
        <translation>&amp;Regionen</translation>
    </message>
    <message>
        <source>The first target is now %1.</source>
        <translation>Das erste Ziel ist jetzt %1.</translation>
    </message>
    <message>
        <source>The session was saved but could not be opened now: stop the answer that is streaming first.</source>
        <translation>Die Sitzung wurde gespeichert, kann aber jetzt nicht geöffnet werden: Halten Sie zuerst die laufende Antwort an.</translation>
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
        <translation>Ziele (Konto, Region, Modell, API):</translation>
    </message>
    <message>
        <source>A&amp;dd Target</source>
        <translation>Ziel &amp;hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <source>Send the prompt to every target at once (Ctrl+Enter)</source>
        <translation>Den Prompt gleichzeitig an alle Ziele senden (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>S&amp;ync scrolling</source>
        <translation>Scrollen &amp;synchronisieren</translation>
    </message>
    <message>
        <source>Comparison table</source>
        <translation>Vergleichstabelle</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>CSV &amp;exportieren…</translation>
    </message>
    <message>
        <source>&amp;Copy as CSV</source>
        <translation>Als CSV &amp;kopieren</translation>
    </message>
    <message>
        <source>Co&amp;ntinue with This</source>
        <translation>Hiermit &amp;fortsetzen</translation>
    </message>
    <message>
        <source>Open a new session with the selected row&apos;s target, the prompt and its answer</source>
        <translation>Eine neue Sitzung mit dem Ziel der ausgewählten Zeile, dem Prompt und der Antwort dieses Ziels öffnen</translation>
    </message>
    <message>
        <source>Type a prompt first.</source>
        <translation>Geben Sie zuerst einen Prompt ein.</translation>
    </message>
    <message>
        <source>Choose a model for every target.</source>
        <translation>Wählen Sie für jedes Ziel ein Modell aus.</translation>
    </message>
    <message>
        <source>Every target answered.</source>
        <translation>Alle Ziele haben geantwortet.</translation>
    </message>
    <message numerus="yes">
        <source>Done; %n target(s) failed.</source>
        <translation>
            <numerusform>Fertig; %n Ziel ist fehlgeschlagen.</numerusform>
            <numerusform>Fertig; %n Ziele sind fehlgeschlagen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sending to %n target(s)…</source>
        <translation>
            <numerusform>Wird an %n Ziel gesendet…</numerusform>
            <numerusform>Wird an %n Ziele gesendet…</numerusform>
        </translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2</source>
        <translation>„%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Export Comparison</source>
        <translation>Vergleich exportieren</translation>
    </message>
    <message>
        <source>comparison.csv</source>
        <translation>vergleich.csv</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>Nach %1 exportiert.</translation>
    </message>
    <message>
        <source>Copied the table as CSV.</source>
        <translation>Tabelle als CSV kopiert.</translation>
    </message>
    <message>
        <source>That target has not answered yet.</source>
        <translation>Dieses Ziel hat noch nicht geantwortet.</translation>
    </message>
    <message>
        <source>Select a row of the table first.</source>
        <translation>Wählen Sie zuerst eine Zeile der Tabelle aus.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ConversationView</name>
    <message>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <source>The prompts and answers of this session. Up and Down select an item; the context menu copies, edits, deletes or re-runs it; Ctrl+C copies the selected item&apos;s text.</source>
        <translation>Die Prompts und Antworten dieser Sitzung. Pfeil nach oben und unten wählen einen Eintrag; das Kontextmenü kopiert, bearbeitet, löscht oder wiederholt ihn; Strg+C kopiert den Text des ausgewählten Eintrags.</translation>
    </message>
    <message>
        <source>Copy Text</source>
        <translation>Text kopieren</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten…</translation>
    </message>
    <message>
        <source>Re-run from Here</source>
        <translation>Ab hier erneut ausführen</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CostChart</name>
    <message>
        <source>Cost chart</source>
        <translation>Kostendiagramm</translation>
    </message>
    <message numerus="yes">
        <source>%n bars, %1 USD in all</source>
        <translation>
            <numerusform>%n Balken, insgesamt %1 USD</numerusform>
            <numerusform>%n Balken, insgesamt %1 USD</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 to %2: %3 USD, %4 tokens</source>
        <translation>%1 bis %2: %3 USD, %4 Tokens</translation>
    </message>
    <message numerus="yes">
        <source>%n answer(s) without a price</source>
        <translation>
            <numerusform>%n Antwort ohne Preis</numerusform>
            <numerusform>%n Antworten ohne Preis</numerusform>
        </translation>
    </message>
    <message>
        <source>Cost (%1)</source>
        <translation>Kosten (%1)</translation>
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
        <translation>Kein Preis</translation>
    </message>
    <message>
        <source>Catalogue</source>
        <translation>Katalog</translation>
    </message>
    <message>
        <source>Catalogue (%1)</source>
        <translation>Katalog (%1)</translation>
    </message>
    <message>
        <source>Private</source>
        <translation>Eigene</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>Nicht erfasst</translation>
    </message>
    <message>
        <source>unpriced</source>
        <translation>ohne Preis</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Part of the output tokens, and billed with them.</source>
        <translation>Teil der Ausgabe-Tokens und mit ihnen abgerechnet.</translation>
    </message>
    <message>
        <source>The model had no known price when this answer came.</source>
        <translation>Für das Modell war kein Preis bekannt, als diese Antwort kam.</translation>
    </message>
    <message>
        <source>%1 (this answer kept its total only)</source>
        <translation>%1 (für diese Antwort wurde nur die Summe gespeichert)</translation>
    </message>
    <message>
        <source>No price was known for this model.</source>
        <translation>Für dieses Modell war kein Preis bekannt.</translation>
    </message>
    <message>
        <source>Priced by an earlier version, which did not keep the prices it used.</source>
        <translation>Von einer früheren Version berechnet, die die verwendeten Preise nicht gespeichert hat.</translation>
    </message>
    <message>
        <source>Your own prices for this model.</source>
        <translation>Ihre eigenen Preise für dieses Modell.</translation>
    </message>
    <message>
        <source>The catalogue&apos;s list prices.</source>
        <translation>Die Listenpreise des Katalogs.</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation>Quelle: %1</translation>
    </message>
    <message>
        <source>As of: %1</source>
        <translation>Stand: %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Cached</source>
        <translation>Gecacht</translation>
    </message>
    <message>
        <source>Cache write</source>
        <translation>Cache-Schreiben</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>Reasoning</translation>
    </message>
    <message>
        <source>Input cost</source>
        <translation>Eingabekosten</translation>
    </message>
    <message>
        <source>Cached cost</source>
        <translation>Cache-Lesekosten</translation>
    </message>
    <message>
        <source>Cache write cost</source>
        <translation>Cache-Schreibkosten</translation>
    </message>
    <message>
        <source>Output cost</source>
        <translation>Ausgabekosten</translation>
    </message>
    <message>
        <source>Total (USD)</source>
        <translation>Summe (USD)</translation>
    </message>
    <message>
        <source>Prices</source>
        <translation>Preise</translation>
    </message>
</context>
<context>
    <name>mantle::ui::CostView</name>
    <message>
        <source>Costs</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>This session:</source>
        <translation>Diese Sitzung:</translation>
    </message>
    <message>
        <source>This account:</source>
        <translation>Dieses Konto:</translation>
    </message>
    <message>
        <source>Today:</source>
        <translation>Heute:</translation>
    </message>
    <message>
        <source>All sessions:</source>
        <translation>Alle Sitzungen:</translation>
    </message>
    <message>
        <source>Per answer</source>
        <translation>Pro Antwort</translation>
    </message>
    <message>
        <source>Cost and tokens of each answer of this session</source>
        <translation>Kosten und Tokens jeder Antwort dieser Sitzung</translation>
    </message>
    <message>
        <source>Last %1 days</source>
        <translation>Letzte %1 Tage</translation>
    </message>
    <message>
        <source>Cost and tokens per day over every session</source>
        <translation>Kosten und Tokens pro Tag über alle Sitzungen</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <source>Export the cost ledger as CSV</source>
        <translation>Das Kostenbuch als CSV exportieren</translation>
    </message>
    <message>
        <source>Every answer of every session, with its tokens, cost and price source</source>
        <translation>Jede Antwort jeder Sitzung mit Tokens, Kosten und Preisquelle</translation>
    </message>
    <message>
        <source>Cost of each answer</source>
        <translation>Kosten jeder Antwort</translation>
    </message>
    <message>
        <source>Cannot write the file &quot;%1&quot;: %2.</source>
        <translation>Die Datei &quot;%1&quot; kann nicht geschrieben werden: %2.</translation>
    </message>
    <message>
        <source>The costs could not be exported: %1</source>
        <translation>Die Kosten konnten nicht exportiert werden: %1</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>Nach %1 exportiert.</translation>
    </message>
    <message>
        <source>Export Costs</source>
        <translation>Kosten exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>%1 USD · %n answer(s)</source>
        <translation>
            <numerusform>%1 USD · %n Antwort</numerusform>
            <numerusform>%1 USD · %n Antworten</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 tokens in, %2 out</source>
        <translation>%1 Tokens ein, %2 aus</translation>
    </message>
    <message numerus="yes">
        <source>%n without a price</source>
        <translation>
            <numerusform>%n ohne Preis</numerusform>
            <numerusform>%n ohne Preis</numerusform>
        </translation>
    </message>
    <message>
        <source>(reading the other sessions…)</source>
        <translation>(die anderen Sitzungen werden gelesen…)</translation>
    </message>
    <message>
        <source>Account %1:</source>
        <translation>Konto %1:</translation>
    </message>
    <message>
        <source>%1 USD</source>
        <translation>%1 USD</translation>
    </message>
    <message>
        <source>no price</source>
        <translation>kein Preis</translation>
    </message>
    <message>
        <source>Answer %1 (%2), %3
%4, %5 tokens</source>
        <translation>Antwort %1 (%2), %3
%4, %5 Tokens</translation>
    </message>
    <message>
        <source>No answer of this session has reported its usage yet.</source>
        <translation>Noch keine Antwort dieser Sitzung hat ihre Nutzung gemeldet.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2 USD, %n answer(s), %3 tokens</source>
        <translation>
            <numerusform>%1: %2 USD, %n Antwort, %3 Tokens</numerusform>
            <numerusform>%1: %2 USD, %n Antworten, %3 Tokens</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mantle::ui::CrossApiView</name>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>&amp;Run All APIs</source>
        <translation>An &amp;alle APIs senden</translation>
    </message>
    <message>
        <source>Send the request through every API the model serves</source>
        <translation>Die Anfrage über jede API senden, die das Modell anbietet</translation>
    </message>
    <message>
        <source>Choose a model.</source>
        <translation>Wählen Sie ein Modell aus.</translation>
    </message>
    <message>
        <source>Loading the models…</source>
        <translation>Modelle werden geladen…</translation>
    </message>
    <message>
        <source>The model list does not say which APIs this model serves.</source>
        <translation>Die Modellliste gibt nicht an, welche APIs dieses Modell anbietet.</translation>
    </message>
    <message numerus="yes">
        <source>%n API(s) serve this model. The payloads below are what each would send.</source>
        <translation>
            <numerusform>%n API bietet dieses Modell an. Unten steht die Payload, die sie senden würde.</numerusform>
            <numerusform>%n APIs bieten dieses Modell an. Unten stehen die Payloads, die jede von ihnen senden würde.</numerusform>
        </translation>
    </message>
    <message>
        <source>Payload for %1</source>
        <translation>Payload für %1</translation>
    </message>
    <message>
        <source>Raw usage</source>
        <translation>Rohe Nutzungsdaten</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>Not sent yet.</source>
        <translation>Noch nicht gesendet.</translation>
    </message>
    <message>
        <source>This request cannot be sent: %1</source>
        <translation>Diese Anfrage kann nicht gesendet werden: %1</translation>
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
        <translation>Keine API zum Senden: Wählen Sie ein Modell, das die Liste kennt.</translation>
    </message>
    <message>
        <source>Every API answered or failed; usage is shown as each reported it.</source>
        <translation>Alle APIs haben geantwortet oder sind fehlgeschlagen; die Nutzung wird so angezeigt, wie jede sie gemeldet hat.</translation>
    </message>
    <message>
        <source>Waiting…</source>
        <translation>Warten…</translation>
    </message>
    <message numerus="yes">
        <source>Sending through %n API(s)…</source>
        <translation>
            <numerusform>Wird über %n API gesendet…</numerusform>
            <numerusform>Wird über %n APIs gesendet…</numerusform>
        </translation>
    </message>
    <message>
        <source>not reported</source>
        <translation>nicht gemeldet</translation>
    </message>
    <message>
        <source>Input %1 · output %2 · cached %3 · reasoning %4</source>
        <translation>Eingabe %1 · Ausgabe %2 · gecacht %3 · Reasoning %4</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>No usage reported.</source>
        <translation>Keine Nutzung gemeldet.</translation>
    </message>
    <message>
        <source>Streaming…</source>
        <translation>Streaming…</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Anhalten</translation>
    </message>
</context>
<context>
    <name>mantle::ui::DemoDriver</name>
    <message>
        <source>The window has no page for this API.</source>
        <translation>Das Fenster hat keine Seite für diese API.</translation>
    </message>
    <message>
        <source>The model list does not offer %1.</source>
        <translation>Die Modellliste bietet %1 nicht an.</translation>
    </message>
    <message>
        <source>No answer within %1 ms.</source>
        <translation>Keine Antwort innerhalb von %1 ms.</translation>
    </message>
    <message>
        <source>The answer was empty.</source>
        <translation>Die Antwort war leer.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::IamPolicyDialog</name>
    <message>
        <source>Allow subscribing to third-party (Marketplace) models</source>
        <translation>Abonnieren von Drittanbietermodellen (Marketplace) erlauben</translation>
    </message>
    <message>
        <source>Identity policy</source>
        <translation>Identitätsrichtlinie</translation>
    </message>
    <message>
        <source>IAM Policy for “%1”</source>
        <translation>IAM-Richtlinie für „%1“</translation>
    </message>
    <message>
        <source>Attach it to the IAM user that owns the API key.</source>
        <translation>Fügen Sie sie dem IAM-Benutzer an, dem der API-Schlüssel gehört.</translation>
    </message>
    <message>
        <source>Attach it to the role %1.</source>
        <translation>Fügen Sie sie der Rolle %1 an.</translation>
    </message>
    <message>
        <source>Attach it to the IAM user or role of the access key.</source>
        <translation>Fügen Sie sie dem IAM-Benutzer oder der IAM-Rolle des Zugriffsschlüssels an.</translation>
    </message>
    <message>
        <source>The least-privilege policy for this account in %1: only what Mantle Playground needs. %2</source>
        <translation>Die Richtlinie mit minimalen Rechten für dieses Konto in %1: nur, was Mantle Playground braucht. %2</translation>
    </message>
    <message>
        <source>AWS account id</source>
        <translation>AWS-Konto-ID</translation>
    </message>
    <message>
        <source>12 digits; empty: any account (*)</source>
        <translation>12 Ziffern; leer: jedes Konto (*)</translation>
    </message>
    <message>
        <source>AWS &amp;account id:</source>
        <translation>AWS-&amp;Konto-ID:</translation>
    </message>
    <message>
        <source>An AWS account id has 12 digits.</source>
        <translation>Eine AWS-Konto-ID hat 12 Ziffern.</translation>
    </message>
    <message>
        <source>Identity policy:</source>
        <translation>Identitätsrichtlinie:</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Copy the identity policy&apos;s JSON (it holds no secret).</source>
        <translation>Das JSON der Identitätsrichtlinie kopieren (es enthält kein Geheimnis).</translation>
    </message>
    <message>
        <source>Trust policy</source>
        <translation>Vertrauensrichtlinie</translation>
    </message>
    <message>
        <source>Trust policy of the role (who may assume it):</source>
        <translation>Vertrauensrichtlinie der Rolle (wer sie übernehmen darf):</translation>
    </message>
    <message>
        <source>Copy &amp;Trust Policy</source>
        <translation>&amp;Vertrauensrichtlinie kopieren</translation>
    </message>
    <message>
        <source>Use the policy above to grant only what the playground needs, for this region; attach the managed policy when you would rather have AWS keep the permissions up to date as Mantle changes, or when several regions and tools share the principal.</source>
        <translation>Mit der obigen Richtlinie gewähren Sie nur, was der Playground für diese Region braucht; fügen Sie die verwaltete Richtlinie an, wenn AWS die Berechtigungen bei Änderungen an Mantle aktuell halten soll oder wenn sich mehrere Regionen und Tools den Prinzipal teilen.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::InspectorView</name>
    <message>
        <source>Header</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
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
        <translation>Wählen Sie eine Antwort aus, um ihre Anfrage zu sehen.</translation>
    </message>
    <message>
        <source>Request inspector</source>
        <translation>Anfrage-Inspektor</translation>
    </message>
    <message>
        <source>Request summary</source>
        <translation>Anfrageübersicht</translation>
    </message>
    <message>
        <source>Request, response and timing</source>
        <translation>Anfrage, Antwort und Zeitverlauf</translation>
    </message>
    <message>
        <source>&amp;Request</source>
        <translation>&amp;Anfrage</translation>
    </message>
    <message>
        <source>Res&amp;ponse</source>
        <translation>Ant&amp;wort</translation>
    </message>
    <message>
        <source>&amp;Timing</source>
        <translation>&amp;Zeitverlauf</translation>
    </message>
    <message>
        <source>Method and URL</source>
        <translation>Methode und URL</translation>
    </message>
    <message>
        <source>Copy as c&amp;url</source>
        <translation>Als c&amp;url kopieren</translation>
    </message>
    <message>
        <source>Copy this request as a curl command that reads the credentials from the environment</source>
        <translation>Diese Anfrage als curl-Befehl kopieren, der die Anmeldeinformationen aus der Umgebung liest</translation>
    </message>
    <message>
        <source>E&amp;xport as code…</source>
        <translation>Als Code e&amp;xportieren…</translation>
    </message>
    <message>
        <source>Show this request as a Python, TypeScript or curl program</source>
        <translation>Diese Anfrage als Python-, TypeScript- oder curl-Programm anzeigen</translation>
    </message>
    <message>
        <source>Request headers</source>
        <translation>Anfrage-Header</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>Body</translation>
    </message>
    <message>
        <source>Ra&amp;w</source>
        <translation>&amp;Rohdaten</translation>
    </message>
    <message>
        <source>Show the exact request bytes</source>
        <translation>Die exakten Bytes der Anfrage anzeigen</translation>
    </message>
    <message>
        <source>Show the body byte for byte as it was sent, not indented.</source>
        <translation>Den Body Byte für Byte so anzeigen, wie er gesendet wurde, ohne Einrückung.</translation>
    </message>
    <message>
        <source>Request body</source>
        <translation>Anfrage-Body</translation>
    </message>
    <message>
        <source>No body</source>
        <translation>Kein Body</translation>
    </message>
    <message>
        <source>Response status</source>
        <translation>Antwortstatus</translation>
    </message>
    <message>
        <source>Response headers</source>
        <translation>Antwort-Header</translation>
    </message>
    <message>
        <source>Server-sent events</source>
        <translation>Server-Sent Events</translation>
    </message>
    <message>
        <source>Data of the selected event</source>
        <translation>Daten des ausgewählten Ereignisses</translation>
    </message>
    <message>
        <source>Select an event to see its data.</source>
        <translation>Wählen Sie ein Ereignis aus, um seine Daten zu sehen.</translation>
    </message>
    <message>
        <source>R&amp;aw</source>
        <translation>Roh&amp;daten</translation>
    </message>
    <message>
        <source>Show the exact response bytes</source>
        <translation>Die exakten Bytes der Antwort anzeigen</translation>
    </message>
    <message>
        <source>Show the body byte for byte as it arrived, not indented.</source>
        <translation>Den Body Byte für Byte so anzeigen, wie er ankam, ohne Einrückung.</translation>
    </message>
    <message>
        <source>Response body</source>
        <translation>Antwort-Body</translation>
    </message>
    <message>
        <source>Attempts:</source>
        <translation>Versuche:</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Route prefix:</source>
        <translation>Routenpräfix:</translation>
    </message>
    <message>
        <source>Route prefix</source>
        <translation>Routenpräfix</translation>
    </message>
    <message>
        <source>Time to first byte:</source>
        <translation>Zeit bis zum ersten Byte:</translation>
    </message>
    <message>
        <source>Time to first byte</source>
        <translation>Zeit bis zum ersten Byte</translation>
    </message>
    <message>
        <source>Time to first token:</source>
        <translation>Zeit bis zum ersten Token:</translation>
    </message>
    <message>
        <source>Time to first token</source>
        <translation>Zeit bis zum ersten Token</translation>
    </message>
    <message>
        <source>Total:</source>
        <translation>Gesamt:</translation>
    </message>
    <message>
        <source>Total time</source>
        <translation>Gesamtzeit</translation>
    </message>
    <message>
        <source>Tokens per second:</source>
        <translation>Tokens pro Sekunde:</translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation>Tokens pro Sekunde</translation>
    </message>
    <message>
        <source>Error:</source>
        <translation>Fehler:</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Truncated:</source>
        <translation>Gekürzt:</translation>
    </message>
    <message>
        <source>Truncated</source>
        <translation>Gekürzt</translation>
    </message>
    <message>
        <source>Waiting for the answer…</source>
        <translation>Warten auf die Antwort…</translation>
    </message>
    <message>
        <source>No answer arrived.</source>
        <translation>Es kam keine Antwort.</translation>
    </message>
    <message>
        <source>Status %1</source>
        <translation>Status %1</translation>
    </message>
    <message>
        <source>%1 · request id %2</source>
        <translation>%1 · Anfrage-ID %2</translation>
    </message>
    <message>
        <source>%1 (retries: %2)</source>
        <translation>%1 (Wiederholungen: %2)</translation>
    </message>
    <message>
        <source>%1 (switched after a wrong-prefix answer)</source>
        <translation>%1 (nach einer Antwort „falsches Präfix“ gewechselt)</translation>
    </message>
    <message>
        <source>running…</source>
        <translation>läuft…</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Yes: only the first %1 events and %2 MB of body were kept.</source>
        <translation>Ja: Nur die ersten %1 Ereignisse und %2 MB des Bodys wurden behalten.</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>streaming, %1 events so far</source>
        <translation>Streaming, bisher %1 Ereignisse</translation>
    </message>
    <message>
        <source>%1 ms in total</source>
        <translation>%1 ms insgesamt</translation>
    </message>
    <message>
        <source>first token after %1 ms</source>
        <translation>erstes Token nach %1 ms</translation>
    </message>
    <message>
        <source>retries: %1</source>
        <translation>Wiederholungen: %1</translation>
    </message>
    <message>
        <source>route switched to %1</source>
        <translation>Route zu %1 gewechselt</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>truncated</source>
        <translation>gekürzt</translation>
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
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Ask the region again for its models</source>
        <translation>Die Region erneut nach ihren Modellen fragen</translation>
    </message>
    <message>
        <source>Refresh models</source>
        <translation>Modelle aktualisieren</translation>
    </message>
    <message>
        <source>Demo: offline, answered by the built-in emulator</source>
        <translation>Demo: offline, beantwortet vom eingebauten Emulator</translation>
    </message>
    <message>
        <source>The “%1” account answers from the Mantle emulator built into the app: no AWS account, no network, no cost. Add your own account with File &gt; Accounts….</source>
        <translation>Das Konto „%1“ antwortet über den in die App eingebauten Mantle-Emulator: kein AWS-Konto, kein Netzwerk, keine Kosten. Fügen Sie Ihr eigenes Konto über Datei &gt; Konten… hinzu.</translation>
    </message>
    <message>
        <source>&amp;Account:</source>
        <translation>&amp;Konto:</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>&amp;Region:</translation>
    </message>
    <message>
        <source>M&amp;odel:</source>
        <translation>M&amp;odell:</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>Request Inspector</source>
        <translation>Anfrage-Inspektor</translation>
    </message>
    <message>
        <source>Select an answer to see the request that was sent.</source>
        <translation>Wählen Sie eine Antwort aus, um die gesendete Anfrage zu sehen.</translation>
    </message>
    <message>
        <source>Select an answer to export its request.</source>
        <translation>Wählen Sie eine Antwort aus, um ihre Anfrage zu exportieren.</translation>
    </message>
    <message>
        <source>Demo mode: the “%1” account answers from the emulator built into the app.</source>
        <translation>Demomodus: Das Konto „%1“ antwortet über den in die App eingebauten Emulator.</translation>
    </message>
    <message>
        <source>No account: File &gt; Accounts…</source>
        <translation>Kein Konto: Datei &gt; Konten…</translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation>%1 wird nach Modellen gefragt…</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) for this surface.</source>
        <translation>
            <numerusform>%n Modell für diese API.</numerusform>
            <numerusform>%n Modelle für diese API.</numerusform>
        </translation>
    </message>
    <message>
        <source>The live model list could not be fetched, so the catalogue&apos;s models show: %1</source>
        <translation>Die Live-Modellliste konnte nicht abgerufen werden, daher werden die Modelle des Katalogs angezeigt: %1</translation>
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
        <translation>Kein Modell dieses Kontos bietet %1 an</translation>
    </message>
    <message>
        <source>This session uses an API the playground does not show.</source>
        <translation>Diese Sitzung verwendet eine API, die der Playground nicht anzeigt.</translation>
    </message>
    <message>
        <source>Stop the answer that is streaming before opening another session.</source>
        <translation>Halten Sie die laufende Antwort an, bevor Sie eine andere Sitzung öffnen.</translation>
    </message>
    <message>
        <source>Cannot open the session “%1”: %2</source>
        <translation>Die Sitzung „%1“ kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Cannot open the session “%1” now.</source>
        <translation>Die Sitzung „%1“ kann gerade nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>Opened the session “%1”; changes are saved in the app&apos;s sessions.</source>
        <translation>Sitzung „%1“ geöffnet; Änderungen werden in den Sitzungen der App gespeichert.</translation>
    </message>
    <message>
        <source>Stop the answer that is streaming before starting a new session.</source>
        <translation>Halten Sie die laufende Antwort an, bevor Sie eine neue Sitzung beginnen.</translation>
    </message>
    <message>
        <source>New session.</source>
        <translation>Neue Sitzung.</translation>
    </message>
    <message>
        <source>Import Session</source>
        <translation>Sitzung importieren</translation>
    </message>
    <message>
        <source>Sessions (*.json *.md *.markdown);;Session files (*.json);;Markdown (*.md *.markdown)</source>
        <translation>Sitzungen (*.json *.md *.markdown);;Sitzungsdateien (*.json);;Markdown (*.md *.markdown)</translation>
    </message>
    <message>
        <source>The session could not be imported: %1</source>
        <translation>Die Sitzung konnte nicht importiert werden: %1</translation>
    </message>
    <message>
        <source>Export Session</source>
        <translation>Sitzung exportieren</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Session files (*.json)</source>
        <translation>Sitzungsdateien (*.json)</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>Nach %1 exportiert.</translation>
    </message>
    <message>
        <source>The session could not be exported: %1</source>
        <translation>Die Sitzung konnte nicht exportiert werden: %1</translation>
    </message>
    <message>
        <source>Stop the answer that is streaming before deleting its session.</source>
        <translation>Halten Sie die laufende Antwort an, bevor Sie ihre Sitzung löschen.</translation>
    </message>
    <message>
        <source>That answer is no longer in its session.</source>
        <translation>Diese Antwort ist nicht mehr in ihrer Sitzung.</translation>
    </message>
    <message>
        <source>Continuing “%1”.</source>
        <translation>„%1“ wird fortgesetzt.</translation>
    </message>
    <message>
        <source>Forked “%1” after that answer: the new session goes on from there.</source>
        <translation>Von „%1“ nach dieser Antwort abgezweigt: Die neue Sitzung geht von dort aus weiter.</translation>
    </message>
    <message>
        <source>The request cannot be exported: %1</source>
        <translation>Die Anfrage kann nicht exportiert werden: %1</translation>
    </message>
    <message>
        <source>Select an answer to copy its request.</source>
        <translation>Wählen Sie eine Antwort aus, um ihre Anfrage zu kopieren.</translation>
    </message>
    <message>
        <source>Copied the request as curl (signed with SigV4 from $AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY)</source>
        <translation>Anfrage als curl kopiert (mit SigV4 signiert aus $AWS_ACCESS_KEY_ID und $AWS_SECRET_ACCESS_KEY)</translation>
    </message>
    <message>
        <source>Copied the request as curl (the key is read from $AWS_BEARER_TOKEN_BEDROCK)</source>
        <translation>Anfrage als curl kopiert (der Schlüssel wird aus $AWS_BEARER_TOKEN_BEDROCK gelesen)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;New Session</source>
        <translation>&amp;Neue Sitzung</translation>
    </message>
    <message>
        <source>&amp;Import Session…</source>
        <translation>Sitzung &amp;importieren…</translation>
    </message>
    <message>
        <source>Export Session as &amp;JSON…</source>
        <translation>Sitzung als &amp;JSON exportieren…</translation>
    </message>
    <message>
        <source>Export Session as Mar&amp;kdown…</source>
        <translation>Sitzung als Mar&amp;kdown exportieren…</translation>
    </message>
    <message>
        <source>&amp;Accounts…</source>
        <translation>&amp;Konten…</translation>
    </message>
    <message>
        <source>&amp;Models…</source>
        <translation>&amp;Modelle…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Find Sessions</source>
        <translation>&amp;Sitzungen suchen</translation>
    </message>
    <message>
        <source>&amp;Playground</source>
        <translation>&amp;Playground</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <source>&amp;Export as Code…</source>
        <translation>Als Code &amp;exportieren…</translation>
    </message>
    <message>
        <source>Demo &amp;Failures</source>
        <translation>Demo-&amp;Fehler</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Access Denied</source>
        <translation>Zugriff verweigert</translation>
    </message>
    <message>
        <source>Wrong Route Prefix</source>
        <translation>Falsches Routenpräfix</translation>
    </message>
    <message>
        <source>Too Many Requests (429)</source>
        <translation>Zu viele Anfragen (429)</translation>
    </message>
    <message>
        <source>Server Error (500)</source>
        <translation>Serverfehler (500)</translation>
    </message>
    <message>
        <source>Connection Cut Mid-Answer</source>
        <translation>Verbindungsabbruch mitten in der Antwort</translation>
    </message>
    <message>
        <source>Malformed Event</source>
        <translation>Fehlerhaftes Ereignis</translation>
    </message>
    <message>
        <source>Slow Server (3 s)</source>
        <translation>Langsamer Server (3 s)</translation>
    </message>
    <message>
        <source>The demo account behaves again.</source>
        <translation>Das Demokonto verhält sich wieder normal.</translation>
    </message>
    <message>
        <source>The demo account now fails every request: %1.</source>
        <translation>Das Demokonto lässt jetzt jede Anfrage fehlschlagen: %1.</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Sessions</source>
        <translation>&amp;Sitzungen</translation>
    </message>
    <message>
        <source>Request &amp;Inspector</source>
        <translation>Anfrage-&amp;Inspektor</translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation>&amp;Vollbild</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;About Mantle Playground</source>
        <translation>Ü&amp;ber Mantle Playground</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Restart Mantle Playground?</source>
        <translation>Mantle Playground neu starten?</translation>
    </message>
    <message>
        <source>The new language is used from the next start. Restart now? Your sessions are saved first.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start. Jetzt neu starten? Ihre Sitzungen werden vorher gespeichert.</translation>
    </message>
    <message>
        <source>&amp;Restart Now</source>
        <translation>Jetzt &amp;neu starten</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>&amp;Später</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Compare…</source>
        <translation>&amp;Vergleichen…</translation>
    </message>
    <message>
        <source>Short-term API key until %1</source>
        <translation>Kurzfristiger API-Schlüssel bis %1</translation>
    </message>
    <message>
        <source>The requests of “%1” in %2 go with a short-term Bedrock API key (Bearer) instead of a SigV4 signature until %3, then with SigV4 again. File &gt; Accounts… &gt; Short-term API key… stops it.</source>
        <translation>Die Anfragen von „%1“ in %2 werden bis %3 mit einem kurzfristigen Bedrock-API-Schlüssel (Bearer) statt mit einer SigV4-Signatur gesendet, danach wieder mit SigV4. Datei &gt; Konten… &gt; Kurzfristiger API-Schlüssel… beendet das.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ModelEditor</name>
    <message>
        <source>Add model</source>
        <translation>Modell hinzufügen</translation>
    </message>
    <message>
        <source>Edit model %1</source>
        <translation>Modell %1 bearbeiten</translation>
    </message>
    <message>
        <source>Model id</source>
        <translation>Modell-ID</translation>
    </message>
    <message>
        <source>e.g. moonshotai.kimi-k2-thinking</source>
        <translation>z. B. moonshotai.kimi-k2-thinking</translation>
    </message>
    <message>
        <source>Model &amp;id:</source>
        <translation>Modell-&amp;ID:</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Anzeigename</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>OpenAI-style prefix</source>
        <translation>Präfix im OpenAI-Stil</translation>
    </message>
    <message>
        <source>As the catalogue says</source>
        <translation>Laut Katalog</translation>
    </message>
    <message>
        <source>&amp;Prefix:</source>
        <translation>&amp;Präfix:</translation>
    </message>
    <message>
        <source>Set the surfaces</source>
        <translation>APIs festlegen</translation>
    </message>
    <message>
        <source>Private prices (per million tokens)</source>
        <translation>Eigene Preise (pro Million Tokens)</translation>
    </message>
    <message>
        <source>Private prices</source>
        <translation>Eigene Preise</translation>
    </message>
    <message>
        <source>Input price per million tokens</source>
        <translation>Eingabepreis pro Million Tokens</translation>
    </message>
    <message>
        <source>Output price per million tokens</source>
        <translation>Ausgabepreis pro Million Tokens</translation>
    </message>
    <message>
        <source>I&amp;nput:</source>
        <translation>&amp;Eingabe:</translation>
    </message>
    <message>
        <source>O&amp;utput:</source>
        <translation>A&amp;usgabe:</translation>
    </message>
    <message>
        <source>“%1” cannot be a model id: it must not be empty or contain white space or &apos;/&apos;.</source>
        <translation>„%1“ kann keine Modell-ID sein: Sie darf nicht leer sein und keine Leerzeichen oder &apos;/&apos; enthalten.</translation>
    </message>
    <message>
        <source>Choose at least one surface.</source>
        <translation>Wählen Sie mindestens eine API.</translation>
    </message>
    <message>
        <source>set by the user</source>
        <translation>vom Benutzer festgelegt</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ModelTableModel</name>
    <message>
        <source>custom</source>
        <translation>eigenes</translation>
    </message>
    <message>
        <source>live</source>
        <translation>live</translation>
    </message>
    <message>
        <source>catalogue</source>
        <translation>Katalog</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>%1 (private)</source>
        <translation>%1 (eigener)</translation>
    </message>
    <message>
        <source>%1 shows in the playground&apos;s model picker</source>
        <translation>%1 erscheint in der Modellauswahl des Playgrounds</translation>
    </message>
    <message>
        <source>%1 does not show in the playground&apos;s model picker</source>
        <translation>%1 erscheint nicht in der Modellauswahl des Playgrounds</translation>
    </message>
    <message>
        <source>Show in the playground&apos;s model picker</source>
        <translation>In der Modellauswahl des Playgrounds anzeigen</translation>
    </message>
    <message>
        <source>Picker</source>
        <translation>Auswahl</translation>
    </message>
    <message>
        <source>Model id</source>
        <translation>Modell-ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Surfaces</source>
        <translation>APIs</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>Präfix</translation>
    </message>
    <message>
        <source>Input / million</source>
        <translation>Eingabe / Mio.</translation>
    </message>
    <message>
        <source>Output / million</source>
        <translation>Ausgabe / Mio.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ModelsView</name>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Add model…</source>
        <translation>Modell &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation>Alle aus&amp;wählen</translation>
    </message>
    <message>
        <source>Select &amp;none</source>
        <translation>Kei&amp;ne auswählen</translation>
    </message>
    <message>
        <source>Select all &amp;for</source>
        <translation>Alle auswählen &amp;für</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Refresh the live model list</source>
        <translation>Die Live-Modellliste aktualisieren</translation>
    </message>
    <message>
        <source>A&amp;ccount:</source>
        <translation>&amp;Konto:</translation>
    </message>
    <message>
        <source>Re&amp;gion:</source>
        <translation>Re&amp;gion:</translation>
    </message>
    <message>
        <source>Add a custom model</source>
        <translation>Ein eigenes Modell hinzufügen</translation>
    </message>
    <message>
        <source>Edit the selected model</source>
        <translation>Das ausgewählte Modell bearbeiten</translation>
    </message>
    <message>
        <source>Remove the selected custom model</source>
        <translation>Das ausgewählte eigene Modell entfernen</translation>
    </message>
    <message>
        <source>Offer every model in the playground&apos;s model picker, also models that appear later.</source>
        <translation>Jedes Modell in der Modellauswahl des Playgrounds anbieten, auch später hinzukommende.</translation>
    </message>
    <message>
        <source>Offer no model in the playground&apos;s model picker until you check some.</source>
        <translation>Kein Modell in der Modellauswahl des Playgrounds anbieten, bis Sie welche ankreuzen.</translation>
    </message>
    <message>
        <source>Add the listed models that serve an API to the playground&apos;s model picker.</source>
        <translation>Die aufgeführten Modelle, die eine API anbieten, zur Modellauswahl des Playgrounds hinzufügen.</translation>
    </message>
    <message>
        <source>Model picker:</source>
        <translation>Modellauswahl:</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>No account yet: the catalogue&apos;s models show. Add an account with File &gt; Accounts… to see a region&apos;s live list.</source>
        <translation>Noch kein Konto: Die Modelle des Katalogs werden angezeigt. Fügen Sie über Datei &gt; Konten… ein Konto hinzu, um die Live-Liste einer Region zu sehen.</translation>
    </message>
    <message>
        <source>The catalogue&apos;s models show: press Refresh for the models the region serves.</source>
        <translation>Die Modelle des Katalogs werden angezeigt: Klicken Sie auf „Aktualisieren“, um die Modelle der Region zu sehen.</translation>
    </message>
    <message>
        <source>The catalogue&apos;s models show: press Refresh for the models %1 serves.</source>
        <translation>Die Modelle des Katalogs werden angezeigt: Klicken Sie auf „Aktualisieren“, um die Modelle von %1 zu sehen.</translation>
    </message>
    <message>
        <source>Add an account first (File &gt; Accounts…).</source>
        <translation>Fügen Sie zuerst ein Konto hinzu (Datei &gt; Konten…).</translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation>%1 wird nach Modellen gefragt…</translation>
    </message>
    <message>
        <source>The account could not be used: %1</source>
        <translation>Das Konto konnte nicht verwendet werden: %1</translation>
    </message>
    <message>
        <source>The model list of %1 could not be fetched: %2</source>
        <translation>Die Modellliste von %1 konnte nicht abgerufen werden: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) live in %1.</source>
        <translation>
            <numerusform>%n Modell live in %1.</numerusform>
            <numerusform>%n Modelle live in %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Model “%1” added.</source>
        <translation>Modell „%1“ hinzugefügt.</translation>
    </message>
    <message>
        <source>Model “%1” changed.</source>
        <translation>Modell „%1“ geändert.</translation>
    </message>
    <message>
        <source>Model “%1” removed.</source>
        <translation>Modell „%1“ entfernt.</translation>
    </message>
    <message numerus="yes">
        <source>The model picker offers %1 of the %n model(s) listed.</source>
        <translation>
            <numerusform>Die Modellauswahl bietet %1 des %n aufgeführten Modells an.</numerusform>
            <numerusform>Die Modellauswahl bietet %1 der %n aufgeführten Modelle an.</numerusform>
        </translation>
    </message>
    <message>
        <source>The model picker offers every model.</source>
        <translation>Die Modellauswahl bietet jedes Modell an.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ParametersPanel</name>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>How random the answer is: lower is more focused and repeatable, higher more varied. From 0 to %1. Unset, the server&apos;s default applies.</source>
        <translation>Wie zufällig die Antwort ist: niedriger ist fokussierter und reproduzierbarer, höher abwechslungsreicher. Von 0 bis %1. Ohne Wert gilt der Standard des Servers.</translation>
    </message>
    <message>
        <source>&amp;Temperature:</source>
        <translation>&amp;Temperatur:</translation>
    </message>
    <message>
        <source>Set the temperature</source>
        <translation>Temperatur festlegen</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <source>Nucleus sampling: the model only picks from the most likely tokens whose probabilities add up to this value, from 0 to 1. Change this or the temperature, not both.</source>
        <translation>Nucleus Sampling: Das Modell wählt nur aus den wahrscheinlichsten Tokens, deren Wahrscheinlichkeiten zusammen diesen Wert ergeben, von 0 bis 1. Ändern Sie diesen Wert oder die Temperatur, nicht beide.</translation>
    </message>
    <message>
        <source>Top &amp;p:</source>
        <translation>Top &amp;p:</translation>
    </message>
    <message>
        <source>Set top p</source>
        <translation>Top p festlegen</translation>
    </message>
    <message>
        <source>Top p</source>
        <translation>Top p</translation>
    </message>
    <message>
        <source>The longest answer the model may write, in tokens (on reasoning models the reasoning counts too). Sent as %1.</source>
        <translation>Die längste Antwort, die das Modell schreiben darf, in Tokens (bei Reasoning-Modellen zählt das Reasoning mit). Gesendet als %1.</translation>
    </message>
    <message>
        <source>&amp;Max output tokens:</source>
        <translation>&amp;Max. Ausgabe-Tokens:</translation>
    </message>
    <message>
        <source>Set the maximum output tokens</source>
        <translation>Maximale Ausgabe-Tokens festlegen</translation>
    </message>
    <message>
        <source>Maximum output tokens</source>
        <translation>Maximale Ausgabe-Tokens</translation>
    </message>
    <message>
        <source>Stop sequences, one per line</source>
        <translation>Stoppsequenzen, eine pro Zeile</translation>
    </message>
    <message>
        <source>Text at which the model stops writing (the text itself is not returned). One sequence per line; commas are part of the sequence. Write \n for a line break, \t for a tab and \\ for a backslash. Chat Completions accepts up to %1.</source>
        <translation>Text, bei dem das Modell aufhört zu schreiben (der Text selbst wird nicht zurückgegeben). Eine Sequenz pro Zeile; Kommas gehören zur Sequenz. Schreiben Sie \n für einen Zeilenumbruch, \t für einen Tabulator und \\ für einen Backslash. Chat Completions akzeptiert bis zu %1.</translation>
    </message>
    <message>
        <source>None (one per line)</source>
        <translation>Keine (eine pro Zeile)</translation>
    </message>
    <message>
        <source>&amp;Stop sequences:</source>
        <translation>&amp;Stoppsequenzen:</translation>
    </message>
    <message>
        <source>Ask for repeatable sampling: the same seed and parameters should give the same answer (best effort, not guaranteed).</source>
        <translation>Reproduzierbares Sampling anfordern: Derselbe Seed und dieselben Parameter sollten dieselbe Antwort liefern (nach Möglichkeit, nicht garantiert).</translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation>S&amp;eed:</translation>
    </message>
    <message>
        <source>Set the seed</source>
        <translation>Seed festlegen</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Reasoning effort</source>
        <translation>Reasoning-Aufwand</translation>
    </message>
    <message>
        <source>How long a reasoning model thinks before it answers: more effort helps with hard questions and costs more tokens and time.</source>
        <translation>Wie lange ein Reasoning-Modell nachdenkt, bevor es antwortet: Mehr Aufwand hilft bei schweren Fragen und kostet mehr Tokens und Zeit.</translation>
    </message>
    <message>
        <source>Server default</source>
        <translation>Serverstandard</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>&amp;Reasoning effort:</source>
        <translation>&amp;Reasoning-Aufwand:</translation>
    </message>
    <message>
        <source>&amp;Adaptive thinking</source>
        <translation>&amp;Adaptives Denken</translation>
    </message>
    <message>
        <source>Adaptive thinking</source>
        <translation>Adaptives Denken</translation>
    </message>
    <message>
        <source>Let Claude think before it answers; how much follows the reasoning effort.</source>
        <translation>Claude vor der Antwort nachdenken lassen; wie viel, richtet sich nach dem Reasoning-Aufwand.</translation>
    </message>
    <message>
        <source>Strea&amp;m the answer</source>
        <translation>Antwort strea&amp;men</translation>
    </message>
    <message>
        <source>Stream the answer</source>
        <translation>Antwort streamen</translation>
    </message>
    <message>
        <source>Show the answer while it is written (server-sent events). Off, the answer appears when it is complete.</source>
        <translation>Die Antwort anzeigen, während sie geschrieben wird (Server-Sent Events). Wenn aus, erscheint die Antwort, sobald sie vollständig ist.</translation>
    </message>
    <message>
        <source>St&amp;ore the response</source>
        <translation>Antwort spei&amp;chern</translation>
    </message>
    <message>
        <source>Store the response</source>
        <translation>Antwort speichern</translation>
    </message>
    <message>
        <source>Keep the response on the server, so that a later request can continue from it (previous_response_id).</source>
        <translation>Die Antwort auf dem Server behalten, damit eine spätere Anfrage an sie anknüpfen kann (previous_response_id).</translation>
    </message>
    <message>
        <source>Stored responses are kept for 30 days in the region the request went to.</source>
        <translation>Gespeicherte Antworten werden 30 Tage lang in der Region aufbewahrt, an die die Anfrage ging.</translation>
    </message>
    <message>
        <source>Run in the &amp;background</source>
        <translation>Im &amp;Hintergrund ausführen</translation>
    </message>
    <message>
        <source>Run in the background</source>
        <translation>Im Hintergrund ausführen</translation>
    </message>
    <message>
        <source>The server answers later: the app polls the stored response until it is done (Stop cancels it). Needs the response stored.</source>
        <translation>Der Server antwortet später: Die App fragt die gespeicherte Antwort ab, bis sie fertig ist („Anhalten“ bricht sie ab). Erfordert, dass die Antwort gespeichert wird.</translation>
    </message>
    <message>
        <source>Reset to &amp;defaults</source>
        <translation>&amp;Zurücksetzen</translation>
    </message>
    <message>
        <source>Reset the parameters to their defaults</source>
        <translation>Parameter auf ihre Standardwerte zurücksetzen</translation>
    </message>
    <message>
        <source>Unset every value so that the server&apos;s defaults apply.</source>
        <translation>Alle Werte entfernen, sodass die Standards des Servers gelten.</translation>
    </message>
    <message>
        <source>Default: %1, always sent (Messages requires max_tokens)</source>
        <translation>Standard: %1, wird immer gesendet (Messages verlangt max_tokens)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Stop sequences</source>
        <translation>Stoppsequenzen</translation>
    </message>
    <message>
        <source>Chat Completions accepts at most %1 stop sequences; there are %2.</source>
        <translation>Chat Completions akzeptiert höchstens %1 Stoppsequenzen; es sind %2.</translation>
    </message>
    <message>
        <source>enter a whole number, or untick it.</source>
        <translation>Geben Sie eine ganze Zahl ein oder entfernen Sie das Häkchen.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::PlaygroundPage</name>
    <message>
        <source>New session</source>
        <translation>Neue Sitzung</translation>
    </message>
    <message>
        <source>Receiving the answer…</source>
        <translation>Antwort wird empfangen…</translation>
    </message>
    <message>
        <source>&amp;Instructions (developer prompt)</source>
        <translation>&amp;Anweisungen (Entwickler-Prompt)</translation>
    </message>
    <message>
        <source>&amp;System prompt</source>
        <translation>&amp;System-Prompt</translation>
    </message>
    <message>
        <source>Instructions</source>
        <translation>Anweisungen</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>System-Prompt</translation>
    </message>
    <message>
        <source>Optional: how the model should behave.</source>
        <translation>Optional: wie sich das Modell verhalten soll.</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Type a prompt, then press Ctrl+Enter to send.</source>
        <translation>Geben Sie einen Prompt ein und drücken Sie dann Strg+Eingabe zum Senden.</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <source>Send the prompt (Ctrl+Enter)</source>
        <translation>Prompt senden (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <source>Stop the answer; what arrived is kept (Esc)</source>
        <translation>Antwort anhalten; was bereits angekommen ist, bleibt erhalten (Esc)</translation>
    </message>
    <message>
        <source>Request settings</source>
        <translation>Anfrageeinstellungen</translation>
    </message>
    <message>
        <source>&amp;Parameters</source>
        <translation>&amp;Parameter</translation>
    </message>
    <message>
        <source>T&amp;ools</source>
        <translation>T&amp;ools</translation>
    </message>
    <message>
        <source>Sc&amp;hema</source>
        <translation>Sc&amp;hema</translation>
    </message>
    <message>
        <source>Chai&amp;n</source>
        <translation>&amp;Kette</translation>
    </message>
    <message>
        <source>Cos&amp;t</source>
        <translation>Kos&amp;ten</translation>
    </message>
    <message>
        <source>Choose a model above.</source>
        <translation>Wählen Sie oben ein Modell.</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>Type a prompt first.</source>
        <translation>Geben Sie zuerst einen Prompt ein.</translation>
    </message>
    <message>
        <source>Choose a model first (the Model list above).</source>
        <translation>Wählen Sie zuerst ein Modell (oben in der Modellliste).</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbindung zu %1 wird hergestellt…</translation>
    </message>
    <message>
        <source>The account “%1” could not be used: %2</source>
        <translation>Das Konto „%1“ konnte nicht verwendet werden: %2</translation>
    </message>
    <message>
        <source>Waiting for %1…</source>
        <translation>Warten auf %1…</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Nicht gesendet: %1</translation>
    </message>
    <message>
        <source>Stopped before sending.</source>
        <translation>Vor dem Senden angehalten.</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>%1 s to first token</source>
        <translation>%1 s bis zum ersten Token</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 Tokens/s</translation>
    </message>
    <message>
        <source>%1 s in all</source>
        <translation>%1 s insgesamt</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Tool result · %1</source>
        <translation>Tool-Ergebnis · %1</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistent</translation>
    </message>
    <message>
        <source>Assistant · %1</source>
        <translation>Assistent · %1</translation>
    </message>
    <message>
        <source>The answer was cut short: %1
What arrived is kept; re-run to try again.</source>
        <translation>Die Antwort wurde abgebrochen: %1
Was angekommen ist, bleibt erhalten; für einen neuen Versuch erneut ausführen.</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>%1 in · %2 out</source>
        <translation>%1 ein · %2 aus</translation>
    </message>
    <message>
        <source>%1 reasoning</source>
        <translation>%1 Reasoning</translation>
    </message>
    <message>
        <source>no price known</source>
        <translation>kein Preis bekannt</translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s)</source>
        <translation>
            <numerusform>%n Versuch</numerusform>
            <numerusform>%n Versuche</numerusform>
        </translation>
    </message>
    <message>
        <source>session cost unknown: no price for this model (set one in File &gt; Models…)</source>
        <translation>Sitzungskosten unbekannt: kein Preis für dieses Modell (unter Datei &gt; Modelle… festlegen)</translation>
    </message>
    <message>
        <source>session cost $%1</source>
        <translation>Sitzungskosten $%1</translation>
    </message>
    <message numerus="yes">
        <source>(%n answer(s) without a known price)</source>
        <translation>
            <numerusform>(%n Antwort ohne bekannten Preis)</numerusform>
            <numerusform>(%n Antworten ohne bekannten Preis)</numerusform>
        </translation>
    </message>
    <message>
        <source>There is no question before this answer to ask again.</source>
        <translation>Vor dieser Antwort steht keine Frage, die erneut gestellt werden könnte.</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>The session could not be saved: %1</source>
        <translation>Die Sitzung konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>The answer could not be saved: %1</source>
        <translation>Die Antwort konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>≈ %1 input tokens</source>
        <translation>≈ %1 Eingabe-Tokens</translation>
    </message>
    <message>
        <source>Input tokens of the request Send would send now (the conversation, the prompt, the system prompt and the tools), counted by Mantle&apos;s count_tokens.</source>
        <translation>Eingabe-Tokens der Anfrage, die „Senden“ jetzt senden würde (Unterhaltung, Prompt, System-Prompt und Tools), gezählt mit count_tokens von Mantle.</translation>
    </message>
    <message>
        <source>≈ $%1</source>
        <translation>≈ $%1</translation>
    </message>
    <message>
        <source>The cost is the input at %1 per million input tokens.</source>
        <translation>Die Kosten ergeben sich aus der Eingabe zu %1 pro Million Eingabe-Tokens.</translation>
    </message>
    <message>
        <source>No price is known for this model, so no cost is shown (set one in File &gt; Models…).</source>
        <translation>Für dieses Modell ist kein Preis bekannt, daher werden keine Kosten angezeigt (legen Sie einen unter Datei &gt; Modelle… fest).</translation>
    </message>
    <message>
        <source>up to $%1 with the answer</source>
        <translation>bis zu $%1 mit der Antwort</translation>
    </message>
    <message>
        <source>With the answer: the input plus at most %1 output tokens (Max tokens) at %2 per million output tokens; a shorter answer costs less.</source>
        <translation>Mit der Antwort: die Eingabe plus höchstens %1 Ausgabe-Tokens (Max. Ausgabe-Tokens) zu %2 pro Million Ausgabe-Tokens; eine kürzere Antwort kostet weniger.</translation>
    </message>
    <message>
        <source>≈ ? tokens</source>
        <translation>≈ ? Tokens</translation>
    </message>
    <message>
        <source>The tokens could not be counted: %1</source>
        <translation>Die Tokens konnten nicht gezählt werden: %1</translation>
    </message>
</context>
<context>
    <name>mantle::ui::PlaygroundServices</name>
    <message>
        <source>Demo (local emulator)</source>
        <translation>Demo (lokaler Emulator)</translation>
    </message>
    <message>
        <source>The demo account could not start its emulator: %1</source>
        <translation>Das Demokonto konnte seinen Emulator nicht starten: %1</translation>
    </message>
    <message>
        <source>Another program may hold the local network; restart the app or add an AWS account with File &gt; Accounts….</source>
        <translation>Vielleicht belegt ein anderes Programm das lokale Netzwerk; starten Sie die App neu oder fügen Sie über Datei &gt; Konten… ein AWS-Konto hinzu.</translation>
    </message>
    <message>
        <source>The demo account is not running.</source>
        <translation>Das Demokonto läuft nicht.</translation>
    </message>
    <message>
        <source>Restart the app with --demo, or choose another account.</source>
        <translation>Starten Sie die App mit --demo neu oder wählen Sie ein anderes Konto.</translation>
    </message>
    <message>
        <source>The demo account is not running, so its address is unknown.</source>
        <translation>Das Demokonto läuft nicht, daher ist seine Adresse unbekannt.</translation>
    </message>
    <message>
        <source>The account “%1” does not sign with SigV4, so no short-term API key can be made from it.</source>
        <translation>Das Konto „%1“ signiert nicht mit SigV4, daher kann daraus kein kurzfristiger API-Schlüssel erzeugt werden.</translation>
    </message>
    <message>
        <source>Use an account with access keys or a role.</source>
        <translation>Verwenden Sie ein Konto mit Zugriffsschlüsseln oder einer Rolle.</translation>
    </message>
    <message>
        <source>The account has no SigV4 credentials.</source>
        <translation>Das Konto hat keine SigV4-Anmeldeinformationen.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>System language (%1)</source>
        <translation>Systemsprache (%1)</translation>
    </message>
    <message>
        <source>A new language is used from the next start of Mantle Playground.</source>
        <translation>Eine neue Sprache gilt ab dem nächsten Start von Mantle Playground.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
</context>
<context>
    <name>mantle::ui::RecordedEventTableModel</name>
    <message>
        <source>Time (ms)</source>
        <translation>Zeit (ms)</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
</context>
<context>
    <name>mantle::ui::RegionMatrixView</name>
    <message>
        <source>&amp;Use this region</source>
        <translation>Diese Region &amp;verwenden</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Any model (count only)</source>
        <translation>Beliebiges Modell (nur zählen)</translation>
    </message>
    <message>
        <source>%v of %m regions</source>
        <translation>%v von %m Regionen</translation>
    </message>
    <message>
        <source>Use the selected region with this account and model</source>
        <translation>Die ausgewählte Region mit diesem Konto und Modell verwenden</translation>
    </message>
    <message>
        <source>Regions</source>
        <translation>Regionen</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Serves model</source>
        <translation>Bietet Modell an</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>Latenz (ms)</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>A&amp;ccount:</source>
        <translation>&amp;Konto:</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>This account sends every region to the same endpoint, %1: each row shows what that endpoint answers for the region (with SigV4, the region the request is signed for), not what the region&apos;s own Mantle endpoint serves.</source>
        <translation>Dieses Konto sendet die Anfragen aller Regionen an denselben Endpunkt, %1: Jede Zeile zeigt, was dieser Endpunkt für die Region antwortet (bei SigV4 die Region, für die die Anfrage signiert ist), nicht, was der eigene Mantle-Endpunkt der Region anbietet.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Angehalten.</translation>
    </message>
    <message>
        <source>Choose an account first.</source>
        <translation>Wählen Sie zuerst ein Konto aus.</translation>
    </message>
    <message>
        <source>Resolving the account…</source>
        <translation>Konto wird aufgelöst…</translation>
    </message>
    <message>
        <source>No region answered.</source>
        <translation>Keine Region hat geantwortet.</translation>
    </message>
    <message numerus="yes">
        <source>%n region(s) list %1.</source>
        <translation>
            <numerusform>%n Region listet %1 auf.</numerusform>
            <numerusform>%n Regionen listen %1 auf.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n region(s) answered.</source>
        <translation>
            <numerusform>%n Region hat geantwortet.</numerusform>
            <numerusform>%n Regionen haben geantwortet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Checking the regions…</source>
        <translation>Regionen werden geprüft…</translation>
    </message>
    <message>
        <source>The region lists %1.</source>
        <translation>Die Region listet %1 auf.</translation>
    </message>
    <message>
        <source>The region does not list %1.</source>
        <translation>Die Region listet %1 nicht auf.</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <source>Check &amp;regions</source>
        <translation>Regionen &amp;prüfen</translation>
    </message>
    <message>
        <source>Stop the regions still pending</source>
        <translation>Die Abfrage der noch ausstehenden Regionen anhalten</translation>
    </message>
    <message>
        <source>Ask all 13 regions for their model list at once</source>
        <translation>Alle 13 Regionen gleichzeitig nach ihrer Modellliste fragen</translation>
    </message>
</context>
<context>
    <name>mantle::ui::SchemaEditor</name>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>List of items</source>
        <translation>Liste von Einträgen</translation>
    </message>
    <message>
        <source>Classification (enum)</source>
        <translation>Klassifizierung (Enum)</translation>
    </message>
    <message>
        <source>Nested address</source>
        <translation>Verschachtelte Adresse</translation>
    </message>
    <message>
        <source>Structured output</source>
        <translation>Strukturierte Ausgabe</translation>
    </message>
    <message>
        <source>Use structured output</source>
        <translation>Strukturierte Ausgabe verwenden</translation>
    </message>
    <message>
        <source>Ask for JSON that follows the schema below</source>
        <translation>JSON anfordern, das dem Schema unten folgt</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Schema name</source>
        <translation>Schemaname</translation>
    </message>
    <message>
        <source>Letters, digits, _ and -, at most 64 characters</source>
        <translation>Buchstaben, Ziffern, _ und -, höchstens 64 Zeichen</translation>
    </message>
    <message>
        <source>&amp;Strict</source>
        <translation>&amp;Strikt</translation>
    </message>
    <message>
        <source>Strict schema adherence</source>
        <translation>Striktes Einhalten des Schemas</translation>
    </message>
    <message>
        <source>Strict structured output: the model is held to the schema, which must then follow the strict-mode rules listed below</source>
        <translation>Strikte strukturierte Ausgabe: Das Modell wird an das Schema gebunden, das dann die unten aufgeführten Regeln des strikten Modus erfüllen muss</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>Beispiele</translation>
    </message>
    <message>
        <source>Example schemas</source>
        <translation>Beispielschemas</translation>
    </message>
    <message>
        <source>JSON schema</source>
        <translation>JSON-Schema</translation>
    </message>
    <message>
        <source>A JSON Schema, e.g. from the Examples menu</source>
        <translation>Ein JSON-Schema, z. B. aus dem Menü „Beispiele“</translation>
    </message>
    <message>
        <source>Schema status</source>
        <translation>Schemastatus</translation>
    </message>
    <message>
        <source>Fix &amp;all</source>
        <translation>&amp;Alle beheben</translation>
    </message>
    <message>
        <source>Fix all strict-mode findings</source>
        <translation>Alle Befunde des strikten Modus beheben</translation>
    </message>
    <message>
        <source>Make every change listed that has a fix</source>
        <translation>Jede aufgeführte Änderung vornehmen, für die es eine Lösung gibt</translation>
    </message>
    <message>
        <source>Last output</source>
        <translation>Letzte Ausgabe</translation>
    </message>
    <message>
        <source>Output check</source>
        <translation>Ausgabeprüfung</translation>
    </message>
    <message>
        <source>Schema violations in the output</source>
        <translation>Schemaverstöße in der Ausgabe</translation>
    </message>
    <message>
        <source>Last output, pretty-printed</source>
        <translation>Letzte Ausgabe, formatiert</translation>
    </message>
    <message>
        <source>Write a JSON Schema or pick one from Examples.</source>
        <translation>Schreiben Sie ein JSON-Schema oder wählen Sie eines unter „Beispiele“.</translation>
    </message>
    <message>
        <source>Not valid JSON at line %1, column %2: %3</source>
        <translation>Kein gültiges JSON in Zeile %1, Spalte %2: %3</translation>
    </message>
    <message>
        <source>A schema is a JSON object ({ ... }).</source>
        <translation>Ein Schema ist ein JSON-Objekt ({ ... }).</translation>
    </message>
    <message>
        <source>Valid schema.</source>
        <translation>Gültiges Schema.</translation>
    </message>
    <message>
        <source>Valid schema; it follows the strict-mode rules.</source>
        <translation>Gültiges Schema; es erfüllt die Regeln des strikten Modus.</translation>
    </message>
    <message>
        <source>Valid schema, but strict mode will refuse it:</source>
        <translation>Gültiges Schema, aber der strikte Modus wird es ablehnen:</translation>
    </message>
    <message>
        <source>(root)</source>
        <translation>(Wurzel)</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: %2</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>Lösung</translation>
    </message>
    <message>
        <source>Fix: %1</source>
        <translation>Lösung: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n strict-mode finding(s):</source>
        <translation>
            <numerusform>%n Befund des strikten Modus:</numerusform>
            <numerusform>%n Befunde des strikten Modus:</numerusform>
        </translation>
    </message>
    <message>
        <source>The answer is not JSON (line %1, column %2: %3).</source>
        <translation>Die Antwort ist kein JSON (Zeile %1, Spalte %2: %3).</translation>
    </message>
    <message>
        <source>The answer is JSON; there is no valid schema to check it against.</source>
        <translation>Die Antwort ist JSON; es gibt kein gültiges Schema, um sie zu prüfen.</translation>
    </message>
    <message>
        <source>The answer matches the schema.</source>
        <translation>Die Antwort entspricht dem Schema.</translation>
    </message>
    <message numerus="yes">
        <source>The answer breaks the schema in %n place(s):</source>
        <translation>
            <numerusform>Die Antwort verletzt das Schema an %n Stelle:</numerusform>
            <numerusform>Die Antwort verletzt das Schema an %n Stellen:</numerusform>
        </translation>
    </message>
    <message>
        <source>The next answer is shown here and checked against the schema.</source>
        <translation>Die nächste Antwort wird hier angezeigt und gegen das Schema geprüft.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::SelfCheck</name>
    <message>
        <source>Self-check failed: %1</source>
        <translation>Selbsttest fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Mantle Playground %1 self-check</source>
        <translation>Selbsttest von Mantle Playground %1</translation>
    </message>
    <message>
        <source>Qt %1, platform “%2”</source>
        <translation>Qt %1, Plattform „%2“</translation>
    </message>
    <message>
        <source>Language: %1 (locale %2, translation %3)</source>
        <translation>Sprache: %1 (Gebietsschema %2, Übersetzung %3)</translation>
    </message>
    <message>
        <source>none loaded</source>
        <translation>keine geladen</translation>
    </message>
    <message>
        <source>Qt&apos;s own translation: %1</source>
        <translation>Eigene Übersetzung von Qt: %1</translation>
    </message>
    <message>
        <source>none for this language</source>
        <translation>keine für diese Sprache</translation>
    </message>
    <message>
        <source>cannot create a temporary directory (%1).</source>
        <translation>ein temporäres Verzeichnis kann nicht angelegt werden (%1).</translation>
    </message>
    <message>
        <source>the built-in emulator did not start.</source>
        <translation>der eingebaute Emulator ist nicht gestartet.</translation>
    </message>
    <message>
        <source>the main window could not be painted.</source>
        <translation>das Hauptfenster konnte nicht gezeichnet werden.</translation>
    </message>
    <message>
        <source>Main window: painted at %1×%2</source>
        <translation>Hauptfenster: in %1×%2 gezeichnet</translation>
    </message>
    <message>
        <source>Say hello to the self-check.</source>
        <translation>Sag dem Selbsttest Hallo.</translation>
    </message>
    <message>
        <source>the demo request failed: %1</source>
        <translation>die Demo-Anfrage ist fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <source>Demo request (Chat Completions, %1): %n character(s) in %2 ms</source>
        <translation>
            <numerusform>Demo-Anfrage (Chat Completions, %1): %n Zeichen in %2 ms</numerusform>
            <numerusform>Demo-Anfrage (Chat Completions, %1): %n Zeichen in %2 ms</numerusform>
        </translation>
    </message>
    <message>
        <source>Self-check passed.</source>
        <translation>Selbsttest bestanden.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::SessionListModel</name>
    <message>
        <source>Yesterday</source>
        <translation>Gestern</translation>
    </message>
    <message>
        <source>%1
The file is left as it is: %2</source>
        <translation>%1
Die Datei bleibt unverändert: %2</translation>
    </message>
    <message>
        <source>Cannot be opened: %1</source>
        <translation>Kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>Untitled session</source>
        <translation>Unbenannte Sitzung</translation>
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
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>New session</source>
        <translation>Neue Sitzung</translation>
    </message>
    <message>
        <source>Start a new session</source>
        <translation>Neue Sitzung beginnen</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importieren…</translation>
    </message>
    <message>
        <source>Import a session file</source>
        <translation>Eine Sitzungsdatei importieren</translation>
    </message>
    <message>
        <source>Import a session</source>
        <translation>Eine Sitzung importieren</translation>
    </message>
    <message>
        <source>Search sessions</source>
        <translation>Sitzungen durchsuchen</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Duplizieren</translation>
    </message>
    <message>
        <source>Export as JSON…</source>
        <translation>Als JSON exportieren…</translation>
    </message>
    <message>
        <source>Export as Markdown…</source>
        <translation>Als Markdown exportieren…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>No sessions yet.</source>
        <translation>Noch keine Sitzungen.</translation>
    </message>
    <message>
        <source>No session matches “%1”.</source>
        <translation>Keine Sitzung passt zu „%1“.</translation>
    </message>
    <message>
        <source>Session not deleted</source>
        <translation>Sitzung nicht gelöscht</translation>
    </message>
    <message>
        <source>“%1” could not be read, so it is not deleted here: the file is left untouched.</source>
        <translation>„%1“ konnte nicht gelesen werden und wird daher hier nicht gelöscht: Die Datei bleibt unverändert.</translation>
    </message>
    <message>
        <source>The file is %1
%2</source>
        <translation>Die Datei ist %1
%2</translation>
    </message>
    <message>
        <source>Delete session</source>
        <translation>Sitzung löschen</translation>
    </message>
    <message>
        <source>Delete “%1”?</source>
        <translation>„%1“ löschen?</translation>
    </message>
    <message>
        <source>Its file is removed from disk. This cannot be undone.</source>
        <translation>Die Datei wird vom Datenträger entfernt. Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ShortTermKeyDialog</name>
    <message>
        <source>Short-term API key for %1</source>
        <translation>Kurzfristiger API-Schlüssel für %1</translation>
    </message>
    <message>
        <source>A short-term Bedrock API key is made on this computer from the account&apos;s SigV4 credentials (a role account asks STS for them first). It works in the account&apos;s region only, for at most 12 hours or as long as the credentials last, and is kept in memory only: it is never saved.</source>
        <translation>Ein kurzfristiger Bedrock-API-Schlüssel wird auf diesem Computer aus den SigV4-Anmeldeinformationen des Kontos erzeugt (ein Rollenkonto fordert sie zuerst bei STS an). Er funktioniert nur in der Region des Kontos, höchstens 12 Stunden oder so lange, wie die Anmeldeinformationen gelten, und wird nur im Arbeitsspeicher gehalten: Er wird nie gespeichert.</translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation>15 Minuten</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 Stunde</translation>
    </message>
    <message>
        <source>4 hours</source>
        <translation>4 Stunden</translation>
    </message>
    <message>
        <source>12 hours</source>
        <translation>12 Stunden</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Generieren</translation>
    </message>
    <message>
        <source>&amp;Lifetime:</source>
        <translation>Gültigkeits&amp;dauer:</translation>
    </message>
    <message>
        <source>Short-term API key</source>
        <translation>Kurzfristiger API-Schlüssel</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Anzeigen</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>Region:</source>
        <translation>Region:</translation>
    </message>
    <message>
        <source>Expiry:</source>
        <translation>Ablauf:</translation>
    </message>
    <message>
        <source>&amp;Use for This Session</source>
        <translation>Für diese Sitzung &amp;verwenden</translation>
    </message>
    <message>
        <source>Until the key expires, this account&apos;s requests in its region go with the key instead of a SigV4 signature.</source>
        <translation>Bis der Schlüssel abläuft, werden die Anfragen dieses Kontos in seiner Region mit dem Schlüssel statt mit einer SigV4-Signatur gesendet.</translation>
    </message>
    <message>
        <source>S&amp;top Using</source>
        <translation>Verwendung &amp;beenden</translation>
    </message>
    <message>
        <source>Not generated yet</source>
        <translation>Noch nicht generiert</translation>
    </message>
    <message>
        <source>%1, shortened to the end of the account&apos;s temporary credentials</source>
        <translation>%1, verkürzt auf das Ende der temporären Anmeldeinformationen des Kontos</translation>
    </message>
    <message>
        <source>This account&apos;s requests go with a short-term key; %1.</source>
        <translation>Die Anfragen dieses Kontos werden mit einem kurzfristigen Schlüssel gesendet; %1.</translation>
    </message>
    <message>
        <source>This account&apos;s requests are signed with SigV4.</source>
        <translation>Die Anfragen dieses Kontos werden mit SigV4 signiert.</translation>
    </message>
    <message>
        <source>in %1 h %2 min</source>
        <translation>in %1 h %2 min</translation>
    </message>
    <message>
        <source>in %1 min</source>
        <translation>in %1 min</translation>
    </message>
    <message>
        <source>expires at %1 (%2)</source>
        <translation>läuft am %1 ab (%2)</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Tastenkürzel</translation>
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
        <translation>Die Argumente sind kein gültiges JSON: %1 (bei Byte %2).</translation>
    </message>
    <message>
        <source>The arguments are JSON but not a JSON object.</source>
        <translation>Die Argumente sind JSON, aber kein JSON-Objekt.</translation>
    </message>
    <message>
        <source>The arguments are valid JSON, but no tool of this name is defined.</source>
        <translation>Die Argumente sind gültiges JSON, aber es ist kein Tool dieses Namens definiert.</translation>
    </message>
    <message>
        <source>The arguments are valid JSON (the tool has no parameter schema).</source>
        <translation>Die Argumente sind gültiges JSON (das Tool hat kein Parameterschema).</translation>
    </message>
    <message>
        <source>The arguments are valid JSON; the tool&apos;s schema cannot be checked: %1</source>
        <translation>Die Argumente sind gültiges JSON; das Schema des Tools kann nicht geprüft werden: %1</translation>
    </message>
    <message>
        <source>The arguments are valid JSON and match the tool&apos;s schema.</source>
        <translation>Die Argumente sind gültiges JSON und entsprechen dem Schema des Tools.</translation>
    </message>
    <message>
        <source>The arguments are valid JSON but do not match the tool&apos;s schema:
%1</source>
        <translation>Die Argumente sind gültiges JSON, entsprechen aber nicht dem Schema des Tools:
%1</translation>
    </message>
    <message>
        <source>Tool calls summary</source>
        <translation>Übersicht der Tool-Aufrufe</translation>
    </message>
    <message>
        <source>Tool calls</source>
        <translation>Tool-Aufrufe</translation>
    </message>
    <message>
        <source>&amp;Fill Canned Results</source>
        <translation>Vorbereitete Ergebnisse &amp;einfügen</translation>
    </message>
    <message>
        <source>Fill canned results</source>
        <translation>Vorbereitete Ergebnisse einfügen</translation>
    </message>
    <message>
        <source>Fill every empty result with its tool&apos;s canned result.</source>
        <translation>Jedes leere Ergebnis mit dem vorbereiteten Ergebnis seines Tools füllen.</translation>
    </message>
    <message>
        <source>&amp;Send Results</source>
        <translation>Ergebnisse &amp;senden</translation>
    </message>
    <message>
        <source>Send results</source>
        <translation>Ergebnisse senden</translation>
    </message>
    <message>
        <source>Call of %1</source>
        <translation>Aufruf von %1</translation>
    </message>
    <message>
        <source>Tool name</source>
        <translation>Toolname</translation>
    </message>
    <message>
        <source>call id: %1</source>
        <translation>Aufruf-ID: %1</translation>
    </message>
    <message>
        <source>Call id</source>
        <translation>Aufruf-ID</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>Argumente</translation>
    </message>
    <message>
        <source>Arguments check</source>
        <translation>Argumentprüfung</translation>
    </message>
    <message>
        <source>Result of %1</source>
        <translation>Ergebnis von %1</translation>
    </message>
    <message>
        <source>The tool&apos;s result (text or JSON)</source>
        <translation>Das Ergebnis des Tools (Text oder JSON)</translation>
    </message>
    <message>
        <source>The tool failed (send the result as an error)</source>
        <translation>Das Tool ist fehlgeschlagen (Ergebnis als Fehler senden)</translation>
    </message>
    <message>
        <source>Tool failed</source>
        <translation>Tool fehlgeschlagen</translation>
    </message>
    <message>
        <source>Messages sends is_error; Chat and Responses have no error flag, so say in the result that it failed.</source>
        <translation>Messages sendet is_error; Chat und Responses haben kein Fehler-Flag, schreiben Sie daher ins Ergebnis, dass es fehlgeschlagen ist.</translation>
    </message>
    <message>
        <source>Result:</source>
        <translation>Ergebnis:</translation>
    </message>
    <message>
        <source>No tool calls to answer.</source>
        <translation>Keine Tool-Aufrufe zu beantworten.</translation>
    </message>
    <message numerus="yes">
        <source>The model called %n tool(s); %1 answered.</source>
        <translation>
            <numerusform>Das Modell hat %n Tool aufgerufen; %1 beantwortet.</numerusform>
            <numerusform>Das Modell hat %n Tools aufgerufen; %1 beantwortet.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mantle::ui::ToolExamples</name>
    <message>
        <source>Get the current weather in a city.</source>
        <translation>Das aktuelle Wetter in einer Stadt abrufen.</translation>
    </message>
    <message>
        <source>Search the documentation and return the best matches.</source>
        <translation>Die Dokumentation durchsuchen und die besten Treffer zurückgeben.</translation>
    </message>
    <message>
        <source>Get the current date and time in a time zone.</source>
        <translation>Das aktuelle Datum und die Uhrzeit in einer Zeitzone abrufen.</translation>
    </message>
    <message>
        <source>Evaluate an arithmetic expression exactly.</source>
        <translation>Einen arithmetischen Ausdruck exakt auswerten.</translation>
    </message>
    <message>
        <source>Create a calendar event with attendees.</source>
        <translation>Einen Kalendertermin mit Teilnehmern erstellen.</translation>
    </message>
</context>
<context>
    <name>mantle::ui::ToolsEditor</name>
    <message>
        <source>Tools</source>
        <translation>Tools</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>Add a tool</source>
        <translation>Ein Tool hinzufügen</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>&amp;Duplizieren</translation>
    </message>
    <message>
        <source>Duplicate the tool</source>
        <translation>Das Tool duplizieren</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Remove the tool</source>
        <translation>Das Tool entfernen</translation>
    </message>
    <message>
        <source>Examp&amp;les</source>
        <translation>Bei&amp;spiele</translation>
    </message>
    <message>
        <source>Add an example tool</source>
        <translation>Ein Beispieltool hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importieren…</translation>
    </message>
    <message>
        <source>Import tools from a JSON file</source>
        <translation>Tools aus einer JSON-Datei importieren</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportieren…</translation>
    </message>
    <message>
        <source>Export the tools to a JSON file</source>
        <translation>Die Tools in eine JSON-Datei exportieren</translation>
    </message>
    <message>
        <source>Function name</source>
        <translation>Funktionsname</translation>
    </message>
    <message>
        <source>get_weather</source>
        <translation>get_weather</translation>
    </message>
    <message>
        <source>Function name problem</source>
        <translation>Problem mit dem Funktionsnamen</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Function description</source>
        <translation>Funktionsbeschreibung</translation>
    </message>
    <message>
        <source>What the function does and when to call it.</source>
        <translation>Was die Funktion tut und wann sie aufgerufen werden soll.</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <source>Parameters JSON schema</source>
        <translation>JSON-Schema der Parameter</translation>
    </message>
    <message>
        <source>{&quot;type&quot;: &quot;object&quot;, &quot;properties&quot;: {}} — empty for no arguments</source>
        <translation>{&quot;type&quot;: &quot;object&quot;, &quot;properties&quot;: {}} – leer für keine Argumente</translation>
    </message>
    <message>
        <source>Parameters check</source>
        <translation>Parameterprüfung</translation>
    </message>
    <message>
        <source>&amp;Format</source>
        <translation>&amp;Formatieren</translation>
    </message>
    <message>
        <source>Format the parameters JSON</source>
        <translation>Das Parameter-JSON formatieren</translation>
    </message>
    <message>
        <source>&amp;Parameters:</source>
        <translation>&amp;Parameter:</translation>
    </message>
    <message>
        <source>&amp;Strict</source>
        <translation>&amp;Strikt</translation>
    </message>
    <message>
        <source>Strict arguments</source>
        <translation>Strikte Argumente</translation>
    </message>
    <message>
        <source>Checked: the arguments must follow the schema exactly. Unchecked: strict off. Partly checked: not sent, the surface&apos;s default applies (Responses: strict).</source>
        <translation>Angekreuzt: Die Argumente müssen genau dem Schema folgen. Nicht angekreuzt: strikt aus. Teilweise angekreuzt: nicht gesendet, es gilt der Standard der API (Responses: strikt).</translation>
    </message>
    <message>
        <source>Canned result</source>
        <translation>Vorbereitetes Ergebnis</translation>
    </message>
    <message>
        <source>The result to fill in when the model calls this tool.</source>
        <translation>Das Ergebnis, das eingefügt wird, wenn das Modell dieses Tool aufruft.</translation>
    </message>
    <message>
        <source>&amp;Canned result:</source>
        <translation>&amp;Vorbereitetes Ergebnis:</translation>
    </message>
    <message>
        <source>Tool choice</source>
        <translation>Tool-Auswahl</translation>
    </message>
    <message>
        <source>&amp;Tool choice:</source>
        <translation>&amp;Tool-Auswahl:</translation>
    </message>
    <message>
        <source>Give the function a name.</source>
        <translation>Geben Sie der Funktion einen Namen.</translation>
    </message>
    <message>
        <source>A function name has 1 to 64 letters (a–z, A–Z), digits, “_” or “-”.</source>
        <translation>Ein Funktionsname hat 1 bis 64 Buchstaben (a–z, A–Z), Ziffern, „_“ oder „-“.</translation>
    </message>
    <message>
        <source>Another tool above has this name.</source>
        <translation>Ein anderes Tool weiter oben hat diesen Namen.</translation>
    </message>
    <message>
        <source>Not valid JSON: %1 at line %2, column %3.</source>
        <translation>Kein gültiges JSON: %1 in Zeile %2, Spalte %3.</translation>
    </message>
    <message>
        <source>The parameters must be a JSON object (an object schema).</source>
        <translation>Die Parameter müssen ein JSON-Objekt sein (ein Objektschema).</translation>
    </message>
    <message>
        <source>The parameters must be an object schema: add &quot;type&quot;: &quot;object&quot;.</source>
        <translation>Die Parameter müssen ein Objektschema sein: Fügen Sie &quot;type&quot;: &quot;object&quot; hinzu.</translation>
    </message>
    <message>
        <source>Not a usable JSON schema: %1</source>
        <translation>Kein verwendbares JSON-Schema: %1</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2.</source>
        <translation>„%1“ kann nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2.</source>
        <translation>„%1“ kann nicht geschrieben werden: %2.</translation>
    </message>
    <message>
        <source>Import Tools</source>
        <translation>Tools importieren</translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>JSON-Dateien (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export Tools</source>
        <translation>Tools exportieren</translation>
    </message>
    <message>
        <source>Write the tools in the shape of:</source>
        <translation>Die Tools in diesem Format schreiben:</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(kein Name)</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>gültig</translation>
    </message>
    <message>
        <source>problem: %1</source>
        <translation>Problem: %1</translation>
    </message>
    <message>
        <source>No arguments.</source>
        <translation>Keine Argumente.</translation>
    </message>
    <message>
        <source>Valid object schema.</source>
        <translation>Gültiges Objektschema.</translation>
    </message>
    <message>
        <source>Default (not sent)</source>
        <translation>Standard (nicht gesendet)</translation>
    </message>
    <message>
        <source>Auto: the model decides</source>
        <translation>Auto: Das Modell entscheidet</translation>
    </message>
    <message>
        <source>None: no tool calls</source>
        <translation>Keine: keine Tool-Aufrufe</translation>
    </message>
    <message>
        <source>Required: at least one call</source>
        <translation>Erforderlich: mindestens ein Aufruf</translation>
    </message>
    <message>
        <source>Call %1</source>
        <translation>%1 aufrufen</translation>
    </message>
</context>
</TS>
