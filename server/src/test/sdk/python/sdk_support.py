"""What the SDK checks share: a credential that returns the Trustplane token, the pipeline policy that puts the
requested api-version on the wire, and the check counter.

Debian's python3-azure is an older build that knows 7.4 only as "7.4-preview.1"; the server accepts released
versions only, so the clients run at the SDK's default version and WireVersion replaces it in every request with
the one under test (the request and response shapes are the same).
"""
import sys
import time

from azure.core.credentials import AccessToken
from azure.core.pipeline.policies import SansIOHTTPPolicy


class Credential:
    def __init__(self, token_file):
        with open(token_file) as f:
            self.token = f.read().strip()

    def get_token(self, *scopes, **kwargs):
        return AccessToken(self.token, int(time.time()) + 3600)


class WireVersion(SansIOHTTPPolicy):
    def __init__(self, sdk_default, wanted):
        self.sdk_default, self.wanted = sdk_default, wanted

    def on_request(self, request):
        request.http_request.url = request.http_request.url.replace(
            "api-version=" + self.sdk_default, "api-version=" + self.wanted)


def client_options(ca, sdk_default, wanted):
    """Our CA, the challenge's resource check off (the server is addressed by IP), the api-version under test."""
    return dict(connection_verify=ca, verify_challenge_resource=False,
                per_call_policies=[WireVersion(sdk_default, wanted)])


class Checks:
    def __init__(self):
        self.count = 0

    def __call__(self, name, condition):
        if not condition:
            print("FAIL", name)
            sys.exit(1)
        self.count += 1
        print("ok", name)
