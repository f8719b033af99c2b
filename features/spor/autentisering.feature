Feature: Autentisering och adresser – webbtjänsten skyddas av certifikatbaserad SSL
  "Inmatning via SPOR:s webbtjänst skyddas av certifikatbaserad SSL. Vid anslutning till
  webbtjänst-endpoint görs ett SSL handshake baserat på ett servercertifikat som UCR
  hanterar samt ett klientcertifikat som sändande system tillhandahåller." (§3.1) "Om
  autentiseringen mot SPOR inte fungerar returneras ett SSL handshake failure." (§7.2.1)

  konform's reading (interp.): a client without any certificate fails the handshake the same
  way on a certificate entry, and never gets an HTTP answer (a warning unless readings are
  strict); stage's separate entry "utan certifikat" answers without one.

  Background:
    Given a unit known to SPOR
    And the registration of behandlingsnummer 2200054

  @req:SPOR-3.1-MTLS
  Rule: Bara ett funktionscertifikat signerat av det gemensamma rotcertifikatet släpps in

    Scenario: SPOR svarar en klient vars certifikat är signerat av det gemensamma rotcertifikatet
      When the registration is sent with a client certificate signed by the shared root
      Then SPOR answers over HTTP

    Scenario: SPOR avbryter handskakningen för ett certifikat från en CA som SPOR inte litar på
      When the registration is sent with a client certificate from another CA
      Then SPOR ends the SSL handshake without an answer

    Scenario: SPOR avbryter handskakningen för en klient utan certifikat
      When the registration is sent without a client certificate
      Then SPOR ends the SSL handshake without an answer as konform reads §7.2.1

    Scenario: Stage-ingången "utan certifikat" svarar en klient utan certifikat
      When the registration is sent to the entry "utan certifikat" without a client certificate
      Then SPOR answers over HTTP

  @req:SPOR-3.1-ENV
  Rule: Adressen bär gränssnittets version och WSDL publiceras på ?wsdl

    Scenario: SPOR publicerar WSDL för RegistrationService 4.1 på ?wsdl
      When SPOR's WSDL is fetched
      Then SPOR's WSDL describes postRegistration at an address ending in /spor/ws/4_1/RegistrationService

    @own-material
    Scenario: Körningen namnger sin miljö och produktion är aldrig förvalt
      Then the run names its environment, which is not production unless the command line allows it
