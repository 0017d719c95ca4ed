package io.cadencia.hubsoft;

import io.cadencia.aws.Json;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HubSoftWireTest {

    @Test
    void statusErrorIsABusinessErrorEvenWithHttp200AndFieldErrorsInEitherShape() {
        assertThatThrownBy(() -> HubSoftClient.parse("GET /x", "{\"status\":\"error\",\"msg\":\"Favor preencher\",\"errors\":[\"O campo pagina é obrigatório.\"]}"))
                .isInstanceOfSatisfying(HubSoftBusinessError.class, e -> assertThat(e.errors()).containsExactly("O campo pagina é obrigatório."));
        assertThatThrownBy(() -> HubSoftClient.parse("GET /x", "{\"status\":\"error\",\"msg\":\"m\",\"errors\":{\"pagina\":[\"obrigatório\"]}}"))
                .isInstanceOfSatisfying(HubSoftBusinessError.class, e -> assertThat(e.errors()).containsExactly("obrigatório"));
        // Misspelt success is still a success.
        assertThat(HubSoftClient.parse("GET /x", "{\"status\":\"suscess\",\"clientes\":[]}").path("clientes").isArray()).isTrue();
    }

    @Test
    void clientTicketAndInvoiceShapesAreRead() throws Exception {
        ClientInfo client = HubSoftClient.client(Json.MAPPER.readTree("{\"id_cliente\":11201,\"codigo_cliente\":421,"
                + "\"nome_razaosocial\":\"Fulano\",\"cpf_cnpj\":\"10682083681\",\"telefone_primario\":\"37988242968\","
                + "\"servicos\":[{\"id_cliente_servico\":11201,\"nome\":\"4M\",\"status\":\"Suspenso\",\"status_prefixo\":\"suspenso_debito\",\"tecnologia\":\"FIBRA\"}]}"));
        assertThat(client.contractStatus()).isEqualTo(ContractStatus.SUSPENDED);
        assertThat(client.services()).extracting(ClientService::id).containsExactly(11201L);

        Ticket ticket = HubSoftClient.ticket(Json.MAPPER.readTree("{\"id_atendimento\":7,\"protocolo\":\"20267\","
                + "\"status\":{\"id_atendimento_status\":1,\"prefixo\":\"pendente\",\"descricao\":\"Pendente\",\"display\":\"Pendente\"}}"));
        assertThat(ticket.statusPrefix()).isEqualTo("pendente");

        Invoice invoice = HubSoftClient.invoice(Json.MAPPER.readTree("{\"id_fatura\":9,\"valor\":119.9,"
                + "\"data_vencimento\":\"10/10/2019\",\"data_pagamento\":\"09/10/2019\"}"));
        assertThat(invoice.dueDate()).isEqualTo(LocalDate.of(2019, 10, 10));
        assertThat(invoice.amount()).isEqualByComparingTo(new BigDecimal("119.9"));
        assertThat(invoice.isPaid()).isTrue();
    }
}
