#include "credentialprovider.h"

namespace mantle::aws {

CredentialProvider::~CredentialProvider() = default;

} // namespace mantle::aws
