Feature: Endepunkter – treatmentRelation og notificationQuery på NSP
  "Behandlingsrelationsservicen kan tilgås i de decentrale NSP-miljøer (dNSP) under
  adressen [miljøurl]/brs-nsp/service/brs hvor den stiller operationen
  "treatmentRelation" til rådighed." "Notifikationsservicen udstilles på NSP'erne under
  adressen [miljøurl]gos/service/notification" – "NSP miljøernes loadbalancer router
  trafikken fra ovennævnte endpoint til brs-nsp/service/notification". "WSDL findes ved
  at tilføje "?wsdl"-postfix til adressen." (BRS + Notifikationsservice guide, Endpoint)
  The guide promises the WSDL for BRS's address; that the notification service publishes
  one the same way is konform's reading (a warning unless readings are strict).

  Background:
    Given a caller with an ID card of level 3 from a whitelisted CVR

  @req:BRS-ENDPOINT
  Rule: Begge services har deres adresse og WSDL på ?wsdl; notifikationer også via gos/service/notification

    Scenario: BRS publicerer WSDL for treatmentRelation på brs-nsp/service/brs?wsdl
      When the WSDL of the treatment relation service is fetched
      Then the WSDL describes treatmentRelation at an address ending in /brs-nsp/service/brs

    Scenario: Notifikationsservicen publicerer WSDL for notificationQuery på brs-nsp/service/notification?wsdl (konforms læsning)
      When the WSDL of the notification service is fetched
      Then the WSDL describes notificationQuery at an address ending in /brs-nsp/service/notification (konform's reading)

    Scenario: Notifikationsservicen svarer på adressen gos/service/notification
      When the caller asks for notifications from serial number 0 at gos/service/notification
      Then the notification service answers with a NotificationQueryResponseBody

    @sim-only
    Scenario: gos/service/notification og brs-nsp/service/notification giver de samme notifikationer
      Given 2 notifikationer for the caller
      When the caller asks for notifications from serial number 0 at both addresses
      Then both addresses list the same notifications
