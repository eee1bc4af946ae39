package devstack

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"

	authv1 "k8s.io/api/authentication/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// startKube runs etcd, kube-apiserver and kube-controller-manager (with
// the namespace and garbage-collector controllers, which remove a deleted
// Profile's namespace), then installs the Profile CRD and the portal's
// ServiceAccount.
func (s *Stack) startKube(ctx context.Context) error {
	dir := filepath.Join(s.opt.State, "kube")
	certs, err := writeKubeCerts(dir)
	if err != nil {
		return err
	}
	adminToken := randomHex(24)
	tokens := filepath.Join(dir, "tokens.csv")
	line := adminToken + `,stack-admin,stack-admin,"system:masters"` + "\n"
	if err := os.WriteFile(tokens, []byte(line), 0o600); err != nil {
		return err
	}
	logs := filepath.Join(s.opt.State, "logs")

	etcdURL := fmt.Sprintf("http://127.0.0.1:%d", s.opt.port(portEtcd))
	peerURL := fmt.Sprintf("http://127.0.0.1:%d", s.opt.port(portEtcdPeer))
	err = s.launch(ctx, service{name: "etcd", logDir: logs, dir: dir,
		bin: s.bin("etcd-"+s.versions["ETCD_VERSION"], "etcd"),
		args: []string{"--data-dir", filepath.Join(s.opt.State, "etcd"), "--name", "default",
			"--listen-client-urls", etcdURL, "--advertise-client-urls", etcdURL,
			"--listen-peer-urls", peerURL, "--initial-advertise-peer-urls", peerURL,
			"--initial-cluster", "default=" + peerURL, "--log-level", "warn"},
		health: etcdURL + "/health", ready: time.Minute})
	if err != nil {
		return err
	}

	kubeBin := "kube-" + s.versions["KUBE_VERSION"]
	apiPort := s.opt.port(portAPIServer)
	server := fmt.Sprintf("https://127.0.0.1:%d", apiPort)
	err = s.launch(ctx, service{name: "kube-apiserver", logDir: logs, dir: dir,
		bin: s.bin(kubeBin, "kube-apiserver"),
		args: []string{"--etcd-servers", etcdURL, "--bind-address", "127.0.0.1",
			"--advertise-address", "127.0.0.1", "--secure-port", fmt.Sprint(apiPort),
			"--tls-cert-file", certs.serverCert, "--tls-private-key-file", certs.serverKey,
			"--token-auth-file", tokens, "--authorization-mode", "RBAC",
			"--service-account-issuer", "https://kubernetes.default.svc",
			"--service-account-key-file", certs.saPub,
			"--service-account-signing-key-file", certs.saKey,
			"--service-cluster-ip-range", "10.96.0.0/24", "--enable-priority-and-fairness=false"},
		health: server + "/readyz", ready: 2 * time.Minute})
	if err != nil {
		return err
	}

	s.AdminKubeconfig = filepath.Join(dir, "admin.kubeconfig")
	if err := writeKubeconfig(s.AdminKubeconfig, server, certs.caPEM, adminToken); err != nil {
		return err
	}
	err = s.launch(ctx, service{name: "kube-controller-manager", logDir: logs, dir: dir,
		bin: s.bin(kubeBin, "kube-controller-manager"),
		args: []string{"--kubeconfig", s.AdminKubeconfig,
			"--authentication-kubeconfig", s.AdminKubeconfig,
			"--authorization-kubeconfig", s.AdminKubeconfig,
			"--controllers", "namespace,garbagecollector", "--leader-elect=false",
			"--bind-address", "127.0.0.1", "--secure-port", fmt.Sprint(s.opt.port(portKCM))},
		health: fmt.Sprintf("https://127.0.0.1:%d/healthz", s.opt.port(portKCM)),
		ready:  time.Minute})
	if err != nil {
		return err
	}

	if err := s.installKubeObjects(ctx); err != nil {
		return err
	}
	s.logf("kubernetes ready at %s", server)
	return nil
}

// installKubeObjects applies the Profile CRD and the portal's RBAC, then
// writes a kubeconfig with a token of the portal's ServiceAccount.
func (s *Stack) installKubeObjects(ctx context.Context) error {
	admin, err := s.adminClients()
	if err != nil {
		return err
	}
	for _, f := range []string{"profile-crd.yaml", "rbac.yaml"} {
		if err := admin.apply(ctx, filepath.Join(s.opt.Repo, "deploy/kubernetes", f)); err != nil {
			return fmt.Errorf("apply %s: %w", f, err)
		}
	}
	if err := admin.waitForProfiles(ctx); err != nil {
		return err
	}

	expiry := int64(24 * 3600)
	tr, err := admin.core.CoreV1().ServiceAccounts("pkadmin-system").CreateToken(ctx, "pkadmin",
		&authv1.TokenRequest{Spec: authv1.TokenRequestSpec{ExpirationSeconds: &expiry}}, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("token for the portal's ServiceAccount: %w", err)
	}
	cfg, err := clientcmd.LoadFromFile(s.AdminKubeconfig)
	if err != nil {
		return err
	}
	cl := cfg.Clusters["stack"]
	s.PortalKubeconfig = filepath.Join(s.opt.State, "kube", "portal.kubeconfig")
	return writeKubeconfig(s.PortalKubeconfig, cl.Server, cl.CertificateAuthorityData, tr.Status.Token)
}

func writeKubeconfig(path, server string, ca []byte, token string) error {
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["stack"] = &clientcmdapi.Cluster{Server: server, CertificateAuthorityData: ca}
	cfg.AuthInfos["stack"] = &clientcmdapi.AuthInfo{Token: token}
	cfg.Contexts["stack"] = &clientcmdapi.Context{Cluster: "stack", AuthInfo: "stack"}
	cfg.CurrentContext = "stack"
	return clientcmd.WriteToFile(*cfg, path)
}

type kubeCerts struct {
	caPEM                 []byte
	serverCert, serverKey string
	saKey, saPub          string
}

// writeKubeCerts makes a CA, a serving certificate for 127.0.0.1 and
// localhost, and the ServiceAccount signing key pair.
func writeKubeCerts(dir string) (kubeCerts, error) {
	c := kubeCerts{
		serverCert: filepath.Join(dir, "server.crt"), serverKey: filepath.Join(dir, "server.key"),
		saKey: filepath.Join(dir, "sa.key"), saPub: filepath.Join(dir, "sa.pub"),
	}
	caKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return c, err
	}
	now := time.Now()
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "pkstack-ca"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(7 * 24 * time.Hour), IsCA: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature, BasicConstraintsValid: true}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return c, err
	}
	c.caPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})

	srvKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return c, err
	}
	srvTmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "kube-apiserver"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(7 * 24 * time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:    []string{"localhost", "kubernetes", "kubernetes.default.svc"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("10.96.0.1")}}
	caCert, _ := x509.ParseCertificate(caDER)
	srvDER, err := x509.CreateCertificate(rand.Reader, srvTmpl, caCert, &srvKey.PublicKey, caKey)
	if err != nil {
		return c, err
	}
	saKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return c, err
	}
	saPub, err := x509.MarshalPKIXPublicKey(&saKey.PublicKey)
	if err != nil {
		return c, err
	}
	files := map[string][]byte{
		c.serverCert: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srvDER}),
		c.serverKey:  pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(srvKey)}),
		c.saKey:      pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(saKey)}),
		c.saPub:      pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: saPub}),
	}
	for path, b := range files {
		if err := os.WriteFile(path, b, 0o600); err != nil {
			return c, err
		}
	}
	return c, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
