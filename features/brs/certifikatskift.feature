Feature: Certifikatskift – operatøren kopierer det gamle CVRs alarmer og notifikationer til det nye
  "Procedure for udskiftning af certifikat": the operator whitelists the new certificate;
  at the agreed time the user stops calling BRS; "NSP-operatøren duplikerer alle alarmer
  og notifikationer hørende til det gamle CVR-nummer, således at kopien hører til det nye
  CVR-nummer"; then the user calls BRS again with the new certificate. On the simulator
  the operator's steps are the control API's certificate change.

  Background:
    Given a caller with an ID card of level 3 from a whitelisted CVR

  @req:BRS-CERTCHANGE @sim-only
  Rule: Efter skiftet ser det nye CVR kopier af det gamle CVRs alarmer og notifikationer

    Scenario: Det nye CVR ser det gamle CVRs notifikationer efter certifikatskiftet
      Given 3 notifikationer for the caller
      When the operator changes the caller's certificate to one for a new CVR
      Then the new CVR gets the caller's 3 notifikationer with itself as QueryableCvr

    Scenario: Det gamle CVR beholder sine notifikationer, for de er kopieret, ikke flyttet
      Given 3 notifikationer for the caller
      When the operator changes the caller's certificate to one for a new CVR
      Then the caller still gets its 3 notifikationer

    Scenario: En alarm der endnu ikke er udløst, giver også det nye CVR en notifikation
      Given a follow-up the caller ordered for itself with TimeLimit in 2 hours
      When the operator changes the caller's certificate to one for a new CVR
      And the clock moves 3 hours on
      Then the new CVR gets a notifikation for the follow-up

    Scenario: Det nye certifikats CVR er whitelistet efter skiftet
      When the operator changes the caller's certificate to one for a new CVR
      Then the new CVR can ask for notifications
